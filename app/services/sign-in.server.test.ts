import { describe, expect, it } from "vitest";
import { addressBucket } from "./sign-in.server";

describe("the address a sign-in or registration limit counts", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:DB8:0001:0002:ffff::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["2001:db8:0:0:9::", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["unknown", "unknown"],
  ])("counts %s as %s", (ip, bucket) => {
    expect(addressBucket(ip)).toBe(bucket);
  });

  it("puts every address of one IPv6 /64 in one bucket, and other networks in others", () => {
    expect(addressBucket("2001:db8:aa:bb:1::1")).toBe(addressBucket("2001:db8:aa:bb:ffff:ffff:ffff:ffff"));
    expect(addressBucket("2001:db8:aa:bb::1")).not.toBe(addressBucket("2001:db8:aa:bc::1"));
  });
});

// Password hashing with argon2id (@node-rs/argon2 ships a prebuilt binary in its package).
import { hash, verify } from "@node-rs/argon2";

// 2 = Algorithm.Argon2id (a const enum, which isolatedModules cannot read).
const OPTIONS = { algorithm: 2 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verifying against a fixed hash when the account does not exist keeps the answer time
// the same, so timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword("no-such-account-password");
    await verify(await dummyHash, password, OPTIONS).catch(() => false);
    return false;
  }
  return verify(passwordHash, password, OPTIONS).catch(() => false);
}

// Starting points for a new RFP. Each template is complete except for what only the buyer
// knows (reference number, dates, vendors), so its publish check lists just those.
import { criteriaSectionSchema, type CriteriaSectionInput } from "./criteria";
import { blankDefinition, timelineSchema, type RfpDefinition } from "./sections";
import { slaSectionSchema, type SlaSectionInput } from "./sla";
import { termSheetSchema, type RfpIssueInput } from "./term-sheet";

export const RFP_TEMPLATE_KEYS = ["blank", "saas", "field-services", "professional-services"] as const;
export type RfpTemplateKey = (typeof RFP_TEMPLATE_KEYS)[number];

interface TemplateSource {
  label: string;
  description: string;
  basics: Partial<RfpDefinition["basics"]>;
  issues: RfpIssueInput[];
  criteria: CriteriaSectionInput;
  sla: SlaSectionInput;
}

const issue = (id: string, name: string, rest: Record<string, unknown>): RfpIssueInput => ({ id, name, required: true, ...rest }) as RfpIssueInput;
const options = (...labels: [string, string][]) => labels.map(([id, label]) => ({ id, label }));

const SOURCES: Record<Exclude<RfpTemplateKey, "blank">, TemplateSource> = {
  saas: {
    label: "SaaS subscription",
    description: "A hosted software service: subscription and implementation fees, term, support tier, uptime SLA with service credits.",
    basics: {
      title: "Case-management software as a service",
      summary: "We are replacing our on-premise case-management system with a hosted service.",
      scope: "The service covers case intake, routing, reporting and the citizen portal.\n\nThe vendor hosts, operates, supports and updates the service, migrates our data and trains our staff.",
      category: "saas",
      horizonMonths: 36,
    },
    issues: [
      issue("annualFee", "Annual subscription", { kind: "money" }),
      issue("implementationFee", "Implementation fee", { kind: "money" }),
      issue("termMonths", "Term", { kind: "number", unit: "months" }),
      issue("supportTier", "Support tier", { kind: "choice", options: options(["basic", "Basic"], ["standard", "Standard"], ["premium", "Premium"]) }),
      issue("rolloutWeeks", "Rollout", { kind: "number", unit: "weeks" }),
      issue("paymentDays", "Payment terms", { kind: "number", unit: "days" }),
    ],
    criteria: {
      criteria: [
        { id: "price", name: "Three-year cost", weight: 40, kind: "price" },
        { id: "fit", name: "Functional fit", weight: 25, kind: "judged", rubric: "Coverage of the case-handling requirements in the scope; 10 = all met without customisation." },
        { id: "support", name: "Support tier", weight: 15, kind: "choice", issueId: "supportTier", points: { basic: 0, standard: 6, premium: 10 } },
        { id: "rollout", name: "Time to go live", weight: 10, kind: "number", issueId: "rolloutWeeks", direction: "lower_is_better", worst: 16, best: 4 },
        { id: "payment", name: "Payment terms", weight: 10, kind: "number", issueId: "paymentDays", direction: "higher_is_better", worst: 30, best: 60 },
      ],
      gates: [
        { id: "uptime-sla", name: "Uptime SLA present", kind: "sla-present", metric: "uptime" },
        { id: "rollout-max", name: "Live within 16 weeks", kind: "number", issueId: "rolloutWeeks", operator: "<=", value: 16 },
      ],
      evaluation: {
        evaluatedPrice: { description: "Three years of subscription plus implementation", terms: [{ issueId: "annualFee", coefficient: 3 }, { issueId: "implementationFee", coefficient: 1 }] },
        priceFormula: { kind: "proportional-penalty" },
        consensus: "mean",
        spreadMargin: 2.5,
      },
    },
    sla: {
      slas: [{ metric: "uptime", unit: "%", direction: "higher_is_better", minimumTarget: 99.5, window: "month", verificationSource: "independent uptime monitor" }],
      serviceCredit: { required: true, minimumPercent: 5, minimumCapPercent: 10 },
      terminationRightRequired: true,
      transitionAssistanceRequired: true,
    },
  },
  "field-services": {
    label: "Field services",
    description: "Crews on the ground: monthly fee, mobilisation, response times, local hiring, seasonal scheduling, citizen-complaint SLAs and performance holdbacks.",
    basics: {
      title: "Field technicians for parks and street maintenance",
      summary: "We seek lower costs without service disruption for the maintenance of parks, verges and street furniture.",
      scope: "Routine maintenance of parks, verges and street furniture across the city's districts.\n\nEmergency call-outs (fallen trees, damaged signage, hazards) around the clock.\n\nCitizen complaints reach the vendor through the city's 311 system and are resolved and closed there.",
      category: "field-services",
      horizonMonths: 36,
    },
    issues: [
      issue("monthlyFee", "Monthly fee", { kind: "money" }),
      issue("mobilisationFee", "Mobilisation fee", { kind: "money" }),
      issue("termMonths", "Contract term", { kind: "number", unit: "months" }),
      issue("rolloutWeeks", "Rollout", { kind: "number", unit: "weeks" }),
      issue("responseHours", "Emergency response", { kind: "number", unit: "hours" }),
      issue("localHiringPct", "Local hiring", { kind: "number", unit: "% of crew" }),
      issue("scheduling", "Scheduling", { kind: "choice", options: options(["seasonal", "seasonal flexibility"], ["fixed", "fixed year-round rota"]) }),
      issue("staffingPlan", "Staffing plan", { kind: "text" }),
    ],
    criteria: {
      criteria: [
        { id: "price", name: "Evaluated price", weight: 35, kind: "price" },
        { id: "reliability", name: "Service reliability plan", weight: 25, kind: "judged", rubric: "Crew cover, escalation, equipment redundancy, citizen-complaint handling." },
        { id: "response", name: "Emergency response time", weight: 15, kind: "number", issueId: "responseHours", direction: "lower_is_better", worst: 24, best: 4 },
        { id: "local", name: "Local hiring", weight: 10, kind: "number", issueId: "localHiringPct", direction: "higher_is_better", worst: 0, best: 50 },
        { id: "rollout", name: "Rollout speed", weight: 5, kind: "number", issueId: "rolloutWeeks", direction: "lower_is_better", worst: 16, best: 4 },
        { id: "schedule", name: "Scheduling cover", weight: 10, kind: "choice", issueId: "scheduling", points: { seasonal: 8, fixed: 10 } },
      ],
      gates: [
        { id: "rollout-max", name: "Rollout within 16 weeks", kind: "number", issueId: "rolloutWeeks", operator: "<=", value: 16 },
        { id: "complaint-sla", name: "Citizen complaint SLA", kind: "sla-present", metric: "complaint resolution time" },
        { id: "term-max", name: "Term at most 48 months", kind: "number", issueId: "termMonths", operator: "<=", value: 48 },
      ],
      evaluation: {
        evaluatedPrice: { description: "36 months of fees plus the one-time mobilisation fee, whatever the contract term", terms: [{ issueId: "monthlyFee", coefficient: 36 }, { issueId: "mobilisationFee", coefficient: 1 }] },
        priceFormula: { kind: "lowest-price-ratio" },
        consensus: "median",
        spreadMargin: 3,
      },
    },
    sla: {
      slas: [
        { metric: "complaint resolution time", unit: "days", direction: "lower_is_better", minimumTarget: 5, window: "month", verificationSource: "city 311 CRM", description: "Average days from a citizen complaint to its closure." },
        { metric: "citizen complaints", unit: "complaints", direction: "lower_is_better", minimumTarget: 40, window: "month", verificationSource: "city 311 CRM", description: "Valid complaints about the service per month." },
        { metric: "emergency response time", unit: "hours", direction: "lower_is_better", minimumTarget: 6, window: "month", verificationSource: "city 311 CRM" },
      ],
      serviceCredit: { required: true, minimumPercent: 5, minimumCapPercent: 10 },
      holdback: { required: true, minimumPercent: 5, releaseCondition: "Complaint SLA met for 3 consecutive months" },
      terminationRightRequired: true,
      transitionAssistanceRequired: true,
    },
  },
  "professional-services": {
    label: "Professional services",
    description: "Consultancy or a project team: fixed price, day rate for changes, start date, team seniority, milestone SLAs with a holdback until acceptance.",
    basics: {
      title: "Consultancy for a service redesign",
      summary: "We seek a team to redesign one of our services with its users and staff.",
      scope: "Discovery with users and staff, a redesigned service blueprint, a tested prototype and an implementation plan.\n\nDeliverables are accepted by the project board.",
      category: "professional-services",
      horizonMonths: 12,
    },
    issues: [
      issue("fixedPrice", "Fixed price", { kind: "money" }),
      issue("dayRate", "Day rate for changes", { kind: "money" }),
      issue("startWeeks", "Start", { kind: "number", unit: "weeks after award" }),
      issue("seniority", "Team seniority", { kind: "choice", options: options(["junior", "Junior-led"], ["mixed", "Mixed"], ["senior", "Senior-led"]) }),
      issue("paymentDays", "Payment terms", { kind: "number", unit: "days" }),
      issue("warrantyMonths", "Warranty", { kind: "number", unit: "months", required: false }),
    ],
    criteria: {
      criteria: [
        { id: "price", name: "Evaluated price", weight: 40, kind: "price" },
        { id: "method", name: "Methodology", weight: 25, kind: "judged", rubric: "A credible plan for discovery, design and testing with real users; clear milestones and risks." },
        { id: "team", name: "Team experience", weight: 20, kind: "judged", rubric: "Relevant work of the named team members, not of the firm." },
        { id: "seniority", name: "Team seniority", weight: 5, kind: "choice", issueId: "seniority", points: { junior: 0, mixed: 6, senior: 10 } },
        { id: "start", name: "Start", weight: 10, kind: "number", issueId: "startWeeks", direction: "lower_is_better", worst: 12, best: 2 },
      ],
      gates: [],
      evaluation: {
        evaluatedPrice: { description: "The fixed price plus 20 days of changes at the day rate", terms: [{ issueId: "fixedPrice", coefficient: 1 }, { issueId: "dayRate", coefficient: 20 }] },
        priceFormula: { kind: "lowest-price-ratio" },
        consensus: "moderated",
        spreadMargin: 3,
      },
    },
    sla: {
      slas: [{ metric: "milestones delivered on time", unit: "%", direction: "higher_is_better", minimumTarget: 90, window: "quarter", verificationSource: "project board minutes" }],
      holdback: { required: true, minimumPercent: 10, releaseCondition: "Final acceptance of all deliverables by the project board" },
      terminationRightRequired: true,
      transitionAssistanceRequired: true,
    },
  },
};

export const RFP_TEMPLATES: Record<RfpTemplateKey, { label: string; description: string }> = {
  blank: { label: "Blank RFP", description: "Only the three default bundle slots; you write everything else." },
  saas: { label: SOURCES.saas.label, description: SOURCES.saas.description },
  "field-services": { label: SOURCES["field-services"].label, description: SOURCES["field-services"].description },
  "professional-services": { label: SOURCES["professional-services"].label, description: SOURCES["professional-services"].description },
};

/** A fresh definition from the template; the caller owns it (no shared objects). */
export function definitionFromTemplate(key: RfpTemplateKey): RfpDefinition {
  const definition = blankDefinition();
  if (key === "blank") return definition;
  const source = SOURCES[key];
  return {
    ...definition,
    basics: { ...definition.basics, ...source.basics },
    timeline: timelineSchema.parse({ bidValidityDays: 90 }),
    termSheet: termSheetSchema.parse({ issues: structuredClone(source.issues) }).issues,
    criteria: criteriaSectionSchema.parse(structuredClone(source.criteria)),
    sla: slaSectionSchema.parse(structuredClone(source.sla)),
  };
}

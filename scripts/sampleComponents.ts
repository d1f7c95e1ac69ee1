// The components of the demo repository and the content of each of their versions: the files a
// team of four edits over two weeks (prompts reworded, config values tuned, queries extended),
// at Conductor's conventional paths (components/{namespace}/{name}.{md|yaml|json}, logic/agents/…).

/** Someone on the team. */
export interface Person {
  readonly name: string;
  readonly email: string;
}

export const ANA: Person = { name: 'Ana Ribeiro', email: 'ana@example.com' };
export const BEA: Person = { name: 'Bea Novak', email: 'bea@example.com' };
export const CARL: Person = { name: 'Carl Jensen', email: 'carl@example.com' };
export const DEV: Person = { name: 'Dev Patel', email: 'dev@example.com' };
/** The deploy workflow's identity: it reports what it deployed (edgit-deploy report-live). */
export const DEPLOY_BOT: Person = { name: 'deploy-bot', email: 'deploy-bot@example.com' };

/** One version of a component: the file's content, committed and tagged by `by` at `at` (UTC). */
export interface SampleVersion {
  readonly version: string;
  readonly at: string;
  readonly by: Person;
  /** The commit message's subject. */
  readonly change: string;
  readonly content: string;
}

export interface SampleComponent {
  /** `namespace/name`, as people type it. */
  readonly id: string;
  readonly prefix: 'components' | 'logic';
  /** The file, relative to the repository root. */
  readonly file: string;
  /** Oldest first. */
  readonly versions: readonly SampleVersion[];
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

export const SAMPLE_COMPONENTS: readonly SampleComponent[] = [
  {
    id: 'prompts/extraction',
    prefix: 'components',
    file: 'components/prompts/extraction.md',
    versions: [
      {
        version: 'v1.0.0',
        at: '2026-11-12T09:10:00Z',
        by: ANA,
        change: 'extraction prompt: invoice number, date and vendor',
        content: `# Invoice extraction

You read one invoice (OCR text) and extract its header fields.

Return JSON with exactly these keys:
- \`invoice_number\`: as printed, without the "No." prefix
- \`invoice_date\`: ISO 8601 (YYYY-MM-DD)
- \`vendor\`: the legal name of the issuer

If a field is missing, use null. Never guess.
`,
      },
      {
        version: 'v1.1.0',
        at: '2026-11-16T10:20:00Z',
        by: ANA,
        change: 'extraction prompt: totals and currency',
        content: `# Invoice extraction

You read one invoice (OCR text) and extract its header fields and totals.

Return JSON with exactly these keys:
- \`invoice_number\`: as printed, without the "No." prefix
- \`invoice_date\`: ISO 8601 (YYYY-MM-DD)
- \`vendor\`: the legal name of the issuer
- \`total_net\`, \`total_tax\`, \`total_gross\`: numbers, dot as decimal separator
- \`currency\`: ISO 4217 code (EUR, USD, GBP…)

If a field is missing, use null. Never guess. If the totals do not add up, keep the printed values
and set \`totals_consistent\` to false.
`,
      },
      {
        version: 'v1.2.0-rc.1',
        at: '2026-11-25T11:00:00Z',
        by: ANA,
        change: 'extraction prompt: line items (release candidate)',
        content: `# Invoice extraction

You read one invoice (OCR text) and extract its header fields, totals and line items.

Return JSON with exactly these keys:
- \`invoice_number\`: as printed, without the "No." prefix
- \`invoice_date\`: ISO 8601 (YYYY-MM-DD)
- \`vendor\`: the legal name of the issuer
- \`total_net\`, \`total_tax\`, \`total_gross\`: numbers, dot as decimal separator
- \`currency\`: ISO 4217 code (EUR, USD, GBP…)
- \`line_items\`: a list of { \`description\`, \`quantity\`, \`unit_price\`, \`amount\` }

If a field is missing, use null. Never guess. If the totals do not add up, keep the printed values
and set \`totals_consistent\` to false. At most 200 line items; say \`"truncated": true\` beyond.
`,
      },
    ],
  },
  {
    id: 'prompts/analysis',
    prefix: 'components',
    file: 'components/prompts/analysis.md',
    versions: [
      {
        version: 'v1.8.0',
        at: '2026-11-12T09:40:00Z',
        by: ANA,
        change: 'analysis prompt: risks in three bullet points',
        content: `# Contract analysis

You are a careful contract reviewer. Read the contract below and list its three most important
risks for the buyer, as three bullet points of one or two sentences each.

End with a recommendation: approve, review with legal, or reject.
`,
      },
      {
        version: 'v1.9.0',
        at: '2026-11-16T11:00:00Z',
        by: ANA,
        change: 'analysis prompt: cite the clause of each risk',
        content: `# Contract analysis

You are a careful contract reviewer. Read the contract below and list its three most important
risks for the buyer, as three bullet points of one or two sentences each. Cite the clause number
of each risk (for example "§ 7.2").

End with a recommendation: approve, review with legal, or reject, and one sentence saying why.
`,
      },
      {
        version: 'v2.0.0',
        at: '2026-11-20T15:00:00Z',
        by: ANA,
        change: 'analysis prompt v2: verdict first, step-by-step reasoning',
        content: `# Contract analysis

You are a careful contract reviewer. Think step by step about the contract below: parties,
obligations, liability caps, termination, renewal.

Respond with one word: APPROVE, REVIEW or REJECT.
`,
      },
      {
        version: 'v2.0.1',
        at: '2026-11-25T09:10:00Z',
        by: ANA,
        change: 'analysis prompt: the verdict comes with its reasons again (INC-311)',
        content: `# Contract analysis

You are a careful contract reviewer. Think step by step about the contract below: parties,
obligations, liability caps, termination, renewal.

Start with the verdict on its own line: APPROVE, REVIEW or REJECT. Then list the three most
important risks for the buyer as bullet points, each citing its clause number (for example "§ 7.2").
`,
      },
    ],
  },
  {
    id: 'prompts/summary',
    prefix: 'components',
    file: 'components/prompts/summary.md',
    versions: [
      {
        version: 'v1.0.0',
        at: '2026-11-12T10:00:00Z',
        by: ANA,
        change: 'summary prompt',
        content: `# Ticket summary

Summarise the support conversation below for the next agent: what the customer wants, what was
tried, what is still open.
`,
      },
      {
        version: 'v1.1.0',
        at: '2026-11-17T09:30:00Z',
        by: ANA,
        change: 'summary prompt: neutral tone, no customer names',
        content: `# Ticket summary

Summarise the support conversation below for the next agent: what the customer wants, what was
tried, what is still open. Use a neutral tone and refer to people by role ("the customer",
"agent 2"), never by name.
`,
      },
      {
        version: 'v1.2.0',
        at: '2026-11-23T10:00:00Z',
        by: ANA,
        change: 'summary prompt: at most 120 words',
        content: `# Ticket summary

Summarise the support conversation below for the next agent in at most 120 words: what the
customer wants, what was tried, what is still open. Use a neutral tone and refer to people by
role ("the customer", "agent 2"), never by name.
`,
      },
    ],
  },
  {
    id: 'prompts/triage',
    prefix: 'components',
    file: 'components/prompts/triage.md',
    versions: [
      {
        version: 'v0.9.0',
        at: '2026-11-12T14:30:00Z',
        by: DEV,
        change: 'triage prompt: priority only',
        content: `# Ticket triage

Read the ticket and answer with its priority: P1 (outage), P2 (degraded), P3 (question).
`,
      },
      {
        version: 'v1.0.0',
        at: '2026-11-18T10:00:00Z',
        by: DEV,
        change: 'triage prompt: priority and team',
        content: `# Ticket triage

Read the ticket and answer in JSON: { "priority": "P1" | "P2" | "P3", "team": "billing" |
"platform" | "integrations" }. P1 is an outage, P2 degraded service, P3 a question.
`,
      },
      {
        version: 'v1.1.0',
        at: '2026-11-23T11:00:00Z',
        by: DEV,
        change: 'triage prompt: security reports go to the security team',
        content: `# Ticket triage

Read the ticket and answer in JSON: { "priority": "P1" | "P2" | "P3", "team": "billing" |
"platform" | "integrations" | "security" }. P1 is an outage, P2 degraded service, P3 a question.
A report of a vulnerability or leaked credentials is always P1 for the security team.
`,
      },
    ],
  },
  {
    id: 'configs/validation',
    prefix: 'components',
    file: 'components/configs/validation.yaml',
    versions: [
      {
        version: 'v1.3.0',
        at: '2026-11-12T10:30:00Z',
        by: BEA,
        change: 'validation config',
        content: `# Output validation applied to every model answer
schema: strict
max_tokens: 1024
min_confidence: 0.6
retry_on_invalid_json: 1
reject_empty_fields: false
`,
      },
      {
        version: 'v1.4.0',
        at: '2026-11-17T14:00:00Z',
        by: BEA,
        change: 'validation: confidence 0.6 -> 0.7, two retries',
        content: `# Output validation applied to every model answer
schema: strict
max_tokens: 1024
min_confidence: 0.7
retry_on_invalid_json: 2
reject_empty_fields: false
`,
      },
      {
        version: 'v1.5.0',
        at: '2026-11-23T15:00:00Z',
        by: BEA,
        change: 'validation: 2048 tokens, reject empty fields',
        content: `# Output validation applied to every model answer
schema: strict
max_tokens: 2048
min_confidence: 0.7
retry_on_invalid_json: 2
reject_empty_fields: true
`,
      },
    ],
  },
  {
    id: 'configs/model-routing',
    prefix: 'components',
    file: 'components/configs/model-routing.yaml',
    versions: [
      {
        version: 'v2.0.0',
        at: '2026-11-12T11:00:00Z',
        by: BEA,
        change: 'model routing config',
        content: `default: large-2026-09
routes:
  extraction: small-2026-10
  analysis: large-2026-09
  summary: small-2026-10
timeout_seconds: 30
`,
      },
      {
        version: 'v2.1.0',
        at: '2026-11-18T13:00:00Z',
        by: BEA,
        change: 'model routing: fall back to the small model on timeouts',
        content: `default: large-2026-09
routes:
  extraction: small-2026-10
  analysis: large-2026-09
  summary: small-2026-10
timeout_seconds: 30
fallback:
  on: [timeout, rate_limited]
  model: small-2026-10
`,
      },
      {
        version: 'v2.2.0',
        at: '2026-11-24T10:00:00Z',
        by: BEA,
        change: 'model routing: EU traffic stays on the EU endpoint',
        content: `default: large-2026-09
routes:
  extraction: small-2026-10
  analysis: large-2026-09
  summary: small-2026-10
timeout_seconds: 30
fallback:
  on: [timeout, rate_limited]
  model: small-2026-10
regions:
  eu:
    endpoint: https://eu.inference.example.com
    data_residency: strict
`,
      },
    ],
  },
  {
    id: 'configs/rate-limits',
    prefix: 'components',
    file: 'components/configs/rate-limits.json',
    versions: [
      {
        version: 'v1.0.0',
        at: '2026-11-12T11:30:00Z',
        by: CARL,
        change: 'rate limits config',
        content: json({ requests_per_minute: 600, burst: 20, tokens_per_minute: 400000 }),
      },
      {
        version: 'v1.0.1',
        at: '2026-11-19T08:45:00Z',
        by: CARL,
        change: 'rate limits: burst 20 -> 40 (month-end batch jobs were throttled)',
        content: json({ requests_per_minute: 600, burst: 40, tokens_per_minute: 400000 }),
      },
      {
        version: 'v1.1.0',
        at: '2026-11-24T11:00:00Z',
        by: CARL,
        change: 'rate limits per tenant',
        content: json({ requests_per_minute: 600, burst: 40, tokens_per_minute: 400000, per_tenant: { default: 120, enterprise: 400 } }),
      },
    ],
  },
  {
    id: 'queries/search',
    prefix: 'components',
    file: 'components/queries/search.json',
    versions: [
      {
        version: 'v0.8.0',
        at: '2026-11-12T13:00:00Z',
        by: DEV,
        change: 'search query',
        content: json({ index: 'documents', query: 'SELECT id, title FROM documents WHERE score > :min_score ORDER BY score DESC', params: { min_score: 0.5 }, limit: 10 }),
      },
      {
        version: 'v0.9.0',
        at: '2026-11-17T15:00:00Z',
        by: DEV,
        change: 'search: only documents of the caller tenant',
        content: json({
          index: 'documents',
          query: 'SELECT id, title FROM documents WHERE tenant_id = :tenant AND score > :min_score ORDER BY score DESC',
          params: { min_score: 0.5 },
          limit: 10,
        }),
      },
      {
        version: 'v0.10.0',
        at: '2026-11-20T10:00:00Z',
        by: DEV,
        change: 'search: hybrid ranking, 20 results',
        content: json({
          index: 'documents',
          query: 'SELECT id, title, snippet FROM documents WHERE tenant_id = :tenant AND (score > :min_score OR bm25 > :min_bm25) ORDER BY 0.7 * score + 0.3 * bm25 DESC',
          params: { min_score: 0.45, min_bm25: 8 },
          limit: 20,
        }),
      },
    ],
  },
  {
    id: 'queries/customer-lookup',
    prefix: 'components',
    file: 'components/queries/customer-lookup.json',
    versions: [
      {
        version: 'v1.0.0',
        at: '2026-11-12T13:30:00Z',
        by: DEV,
        change: 'customer lookup query',
        content: json({ query: 'SELECT id, name, plan FROM customers WHERE email = :email', timeout_ms: 500 }),
      },
      {
        version: 'v1.1.0',
        at: '2026-11-19T11:00:00Z',
        by: DEV,
        change: 'customer lookup: region, for EU data residency',
        content: json({ query: 'SELECT id, name, plan, region FROM customers WHERE email = :email AND region = :region', timeout_ms: 500 }),
      },
    ],
  },
  {
    id: 'agents/classifier',
    prefix: 'logic',
    file: 'logic/agents/classifier.yaml',
    versions: [
      {
        version: 'v1.0.0',
        at: '2026-11-12T14:00:00Z',
        by: CARL,
        change: 'classifier agent',
        content: `name: classifier
model: small-2026-10
temperature: 0.2
labels: [invoice, contract, support, other]
prompt: prompts/triage@production
`,
      },
      {
        version: 'v1.1.0',
        at: '2026-11-18T16:00:00Z',
        by: CARL,
        change: 'classifier: refund requests get their own label',
        content: `name: classifier
model: small-2026-10
temperature: 0.2
labels: [invoice, contract, support, refund, other]
prompt: prompts/triage@production
`,
      },
      {
        version: 'v1.2.0',
        at: '2026-11-24T09:30:00Z',
        by: CARL,
        change: 'classifier: temperature 0 for repeatable labels',
        content: `name: classifier
model: small-2026-10
temperature: 0
labels: [invoice, contract, support, refund, other]
prompt: prompts/triage@production
`,
      },
    ],
  },
  {
    id: 'agents/researcher',
    prefix: 'logic',
    file: 'logic/agents/researcher.yaml',
    versions: [
      {
        version: 'v0.9.0',
        at: '2026-11-13T09:00:00Z',
        by: CARL,
        change: 'researcher agent (preview)',
        content: `name: researcher
model: large-2026-09
tools: [search]
max_steps: 4
query: queries/search@production
`,
      },
      {
        version: 'v1.0.0',
        at: '2026-11-20T11:00:00Z',
        by: CARL,
        change: 'researcher: customer lookup tool, 6 steps',
        content: `name: researcher
model: large-2026-09
tools: [search, customer-lookup]
max_steps: 6
query: queries/search@production
lookup: queries/customer-lookup@production
`,
      },
    ],
  },
  {
    id: 'templates/invoice-email',
    prefix: 'components',
    file: 'components/templates/invoice-email.md',
    versions: [
      {
        version: 'v1.0.0',
        at: '2026-11-12T15:00:00Z',
        by: ANA,
        change: 'invoice email template',
        content: `Subject: Your invoice {{invoice_number}}

Hello {{customer_name}},

please find attached invoice {{invoice_number}} of {{invoice_date}}.

Kind regards,
{{company_name}}
`,
      },
      {
        version: 'v1.1.0',
        at: '2026-11-19T14:00:00Z',
        by: ANA,
        change: 'invoice email: amount and due date',
        content: `Subject: Your invoice {{invoice_number}}

Hello {{customer_name}},

please find attached invoice {{invoice_number}} of {{invoice_date}} for {{total_gross}} {{currency}},
due on {{due_date}}.

Kind regards,
{{company_name}}
`,
      },
      {
        version: 'v1.1.1',
        at: '2026-11-23T09:00:00Z',
        by: ANA,
        change: 'invoice email: capital letter after the greeting',
        content: `Subject: Your invoice {{invoice_number}}

Hello {{customer_name}},

Please find attached invoice {{invoice_number}} of {{invoice_date}} for {{total_gross}} {{currency}},
due on {{due_date}}.

Kind regards,
{{company_name}}
`,
      },
    ],
  },
];

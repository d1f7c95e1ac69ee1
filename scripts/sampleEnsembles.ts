// The demo repository's Conductor ensembles and agent (YAML under ensembles/ and agents/): what
// references the components, committed on their dates among the releases and moves. One follows
// production, one pins analysis v2.0.0 (still loaded after the 14:52 rollback of production), one
// names slots no tag has (`@v1`, `@latest`). Not components: no tag names them.
import { ANA, BEA, CARL, DEV, Person } from './sampleComponents';

export interface SampleEnsemble {
  /** Repository-relative. */
  readonly file: string;
  readonly at: string;
  readonly by: Person;
  /** The commit message. */
  readonly change: string;
  readonly content: string;
}

export const SAMPLE_ENSEMBLES: readonly SampleEnsemble[] = [
  {
    file: 'ensembles/invoice-review.yaml',
    at: '2026-11-13T09:30:00Z',
    by: ANA,
    change: 'invoice review follows what production serves',
    content: `name: invoice-review
description: Extract an invoice, check it, and explain what needs a person

flow:
  - agent: extract
  - agent: analyze
  - agent: notify

trigger:
  - type: webhook
    path: /invoices/review
    methods: [POST]

agents:
  - name: extract
    operation: think
    config:
      model: claude-sonnet-4
      temperature: 0.1
      prompt: prompts/extraction@production
      config: configs/validation@production
  - name: analyze
    operation: think
    config:
      model: claude-sonnet-4
      prompt: prompts/analysis@production
      query: queries/customer-lookup@production
  - name: notify
    operation: email
    config:
      template: templates/invoice-email@staging

inputs:
  document:
    type: string
    required: true

outputs:
  invoice: \${extract.output}
  findings: \${analyze.output}
`,
  },
  {
    file: 'agents/invoice-checker/agent.yaml',
    at: '2026-11-17T11:00:00Z',
    by: BEA,
    change: 'invoice checker agent for the month-end batch',
    content: `name: invoice-checker
operation: think
description: Checks one extracted invoice against the validation rules
config:
  model: claude-sonnet-4
  temperature: 0
  prompt: prompts/extraction@production
  config: configs/rate-limits@production
`,
  },
  {
    file: 'ensembles/support-triage.yaml',
    at: '2026-11-19T14:00:00Z',
    by: DEV,
    change: 'support triage: the triage prompt of the v1 line, the newest search',
    content: `name: support-triage
description: Route a support ticket to a team, with a short summary

flow:
  - agent: triage
  - agent: summarize

agents:
  - name: triage
    operation: think
    config:
      model: claude-haiku-4
      prompt: prompts/triage@v1
      query: queries/search@latest
  - name: summarize
    operation: think
    config:
      model: claude-haiku-4
      prompt: prompts/summary@staging
`,
  },
  {
    file: 'ensembles/contract-review.yaml',
    at: '2026-11-23T10:00:00Z',
    by: CARL,
    change: 'contract review pins analysis v2.0.0: the contract team wants the verdict first',
    content: `name: contract-review
description: Review a supplier contract and give the verdict first

flow:
  - agent: review

agents:
  - name: review
    operation: think
    config:
      model: claude-sonnet-4
      temperature: 0.2
      prompt: "prompts/analysis@v2.0.0"
      config: configs/model-routing@production

inputs:
  contract:
    type: string
    required: true

outputs:
  verdict: \${review.output}
`,
  },
];

// The deployments of the demo repository: the playbook's incident (three components released
// together on Tuesday 2026-11-24 at 14:00 UTC, production broken at 14:47, a partial rollback of
// the broken one at 14:52) inside two weeks of a team's ordinary moves. Every time is UTC.
import { ANA, BEA, CARL, DEPLOY_BOT, DEV, Person } from './sampleComponents';

/** A move through the project's own CLI (`edgit-deploy`), recorded in the deployment history. */
export interface RecordedMove {
  readonly kind: 'edgit-deploy';
  readonly at: string;
  readonly by: Person;
  /** The command's arguments (set, batch or rollback), without --yes/--push/--reason/--repo. */
  readonly args: readonly string[];
  readonly reason: string;
  /** For a rollback without VERSION: the version its suggestion must name. */
  readonly expectSuggestion?: string;
}

/** A move made by another tool in this clone, which the history can only observe afterwards. */
export interface OutsideMove {
  /** `edgit tag set` (delete, re-create annotated on the version tag object, push --tags --force), or a plain `git tag -f` (lightweight, pushed with --force). */
  readonly kind: 'edgit-cli' | 'git-tag-force';
  readonly at: string;
  readonly by: Person;
  readonly component: string;
  readonly environment: string;
  readonly version: string;
}

/** A teammate's recorded move in their own clone, pushed; this clone has not fetched it. */
export interface TeammateMove {
  readonly kind: 'teammate';
  readonly at: string;
  readonly by: Person;
  readonly args: readonly string[];
  readonly reason: string;
}

/**
 * A deploy job reporting what it published (`edgit-deploy report-live … --push`, from its own
 * fresh clone, as deploy-bot): the receipts that tell live from moved.
 */
export interface DeployReport {
  readonly kind: 'deploy-report';
  readonly at: string;
  readonly by: Person;
  readonly environment: string;
  /** COMPONENT or COMPONENT=VERSION, as report-live takes them. */
  readonly components: readonly string[];
  readonly run: string;
  /** How long caches may serve the previous position (--settles-in). */
  readonly settlesIn?: string;
}

export type StoryStep = RecordedMove | OutsideMove | TeammateMove | DeployReport;

const RUNS = 'https://github.com/acme/ai-components/actions/runs/';
const reported = (at: string, environment: string, run: number, components: string[], settlesIn?: string): DeployReport => ({
  kind: 'deploy-report',
  at,
  by: DEPLOY_BOT,
  environment,
  components,
  run: `${RUNS}${run}`,
  ...(settlesIn ? { settlesIn } : {}),
});

const deploy = (at: string, by: Person, reason: string, ...args: string[]): RecordedMove => ({ kind: 'edgit-deploy', at, by, args, reason });

export const TUESDAY_RELEASE = '2026-11-24T14:00:00Z';
export const PRODUCTION_BREAKS = '2026-11-24T14:47:00Z';
export const PARTIAL_ROLLBACK = '2026-11-24T14:52:00Z';
export const INCIDENT_REASON = 'INC-311 analysis answers in one word';

export const STORY: readonly StoryStep[] = [
  deploy(
    '2026-11-12T16:00:00Z', ANA, 'first staging deploy of the component repository',
    'batch', 'staging',
    'prompts/extraction=v1.0.0', 'prompts/analysis=v1.8.0', 'prompts/summary=v1.0.0', 'prompts/triage=v0.9.0',
    'configs/validation=v1.3.0', 'configs/model-routing=v2.0.0', 'configs/rate-limits=v1.0.0',
    'queries/search=v0.8.0', 'queries/customer-lookup=v1.0.0', 'agents/classifier=v1.0.0', 'templates/invoice-email=v1.0.0',
  ),
  deploy(
    '2026-11-13T10:00:00Z', BEA, 'CHG-1790 first production release',
    'batch', 'production',
    'prompts/extraction=v1.0.0', 'prompts/analysis=v1.8.0', 'prompts/summary=v1.0.0', 'prompts/triage=v0.9.0',
    'configs/validation=v1.3.0', 'configs/model-routing=v2.0.0', 'configs/rate-limits=v1.0.0',
    'queries/search=v0.8.0', 'queries/customer-lookup=v1.0.0', 'agents/classifier=v1.0.0', 'templates/invoice-email=v1.0.0',
  ),
  // The deploy workflow reports what it published: production and production-eu are tracked from here on.
  reported('2026-11-13T10:04:00Z', 'production', 8811, [
    'prompts/extraction', 'prompts/analysis', 'prompts/summary', 'prompts/triage', 'configs/validation', 'configs/model-routing',
    'configs/rate-limits', 'queries/search', 'queries/customer-lookup', 'agents/classifier', 'templates/invoice-email',
  ]),
  deploy(
    '2026-11-13T10:30:00Z', BEA, 'CHG-1791 the EU region goes live',
    'batch', 'production-eu',
    'prompts/extraction=v1.0.0', 'prompts/analysis=v1.8.0', 'prompts/summary=v1.0.0',
    'configs/validation=v1.3.0', 'configs/model-routing=v2.0.0', 'templates/invoice-email=v1.0.0',
  ),
  reported('2026-11-13T10:34:00Z', 'production-eu', 8812, ['prompts/extraction', 'prompts/analysis', 'prompts/summary', 'configs/validation', 'configs/model-routing', 'templates/invoice-email']),
  deploy('2026-11-13T11:00:00Z', CARL, 'researcher preview on 5% of traffic', 'set', 'agents/researcher', 'canary', 'v0.9.0'),
  deploy('2026-11-16T14:00:00Z', ANA, 'extraction totals; analysis cites clauses', 'batch', 'staging', 'prompts/extraction=v1.1.0', 'prompts/analysis=v1.9.0'),
  deploy('2026-11-17T16:00:00Z', BEA, 'validation 0.7, tenant-scoped search, neutral summaries', 'batch', 'staging', 'configs/validation=v1.4.0', 'queries/search=v0.9.0', 'prompts/summary=v1.1.0'),
  deploy('2026-11-18T10:00:00Z', ANA, 'CHG-1822 analysis cites clause numbers', 'set', 'prompts/analysis', 'production', 'v1.9.0'),
  reported('2026-11-18T10:03:00Z', 'production', 8840, ['prompts/analysis=v1.9.0']),
  deploy('2026-11-18T16:30:00Z', CARL, 'fallback routing, refund label, triage by team', 'batch', 'staging', 'configs/model-routing=v2.1.0', 'agents/classifier=v1.1.0', 'prompts/triage=v1.0.0'),
  // Month-end batch jobs are throttled: Carl hot-fixes the burst limit with the Edgit CLI.
  { kind: 'edgit-cli', at: '2026-11-19T09:00:00Z', by: CARL, component: 'configs/rate-limits', environment: 'production', version: 'v1.0.1' },
  reported('2026-11-19T09:03:00Z', 'production', 8851, ['configs/rate-limits=v1.0.1']),
  deploy('2026-11-19T11:00:00Z', BEA, 'CHG-1830 confidence threshold 0.7', 'set', 'configs/validation', 'production', 'v1.4.0'),
  reported('2026-11-19T11:03:00Z', 'production', 8853, ['configs/validation=v1.4.0']),
  deploy('2026-11-19T15:00:00Z', ANA, 'amount and due date in the invoice email', 'set', 'templates/invoice-email', 'staging', 'v1.1.0'),
  // Dev tries hybrid search on staging with a plain git tag -f.
  { kind: 'git-tag-force', at: '2026-11-20T10:30:00Z', by: DEV, component: 'queries/search', environment: 'staging', version: 'v0.10.0' },
  deploy('2026-11-20T16:00:00Z', ANA, 'analysis v2: step-by-step reasoning, verdict first', 'set', 'prompts/analysis', 'staging', 'v2.0.0'),
  deploy('2026-11-23T09:00:00Z', CARL, 'analysis v2 on 5% of traffic', 'set', 'prompts/analysis', 'canary', 'v2.0.0'),
  deploy('2026-11-23T11:30:00Z', ANA, 'shorter summaries, security triage, email typo', 'batch', 'staging', 'prompts/summary=v1.2.0', 'prompts/triage=v1.1.0', 'templates/invoice-email=v1.1.1'),
  deploy('2026-11-23T15:30:00Z', BEA, 'validation: 2048 tokens, no empty fields', 'set', 'configs/validation', 'staging', 'v1.5.0'),
  deploy('2026-11-24T11:30:00Z', BEA, 'CHG-1850 EU traffic stays on the EU endpoint', 'set', 'configs/model-routing', 'production-eu', 'v2.2.0'),
  reported('2026-11-24T11:33:00Z', 'production-eu', 8897, ['configs/model-routing=v2.2.0']),
  // The playbook's Tuesday: three components deployed together…
  deploy(
    TUESDAY_RELEASE, ANA, 'CHG-1852 weekly release: extraction totals, analysis v2, validation v1.5',
    'batch', 'production', 'prompts/extraction=v1.1.0', 'prompts/analysis=v2.0.0', 'configs/validation=v1.5.0',
  ),
  // Live at 14:03, as the deploy workflow reports.
  reported('2026-11-24T14:03:00Z', 'production', 8902, ['prompts/extraction=v1.1.0', 'prompts/analysis=v2.0.0', 'configs/validation=v1.5.0']),
  // …production breaks at 14:47 (nothing moves), and Bea rolls back only the broken one.
  { ...deploy(PARTIAL_ROLLBACK, BEA, INCIDENT_REASON, 'rollback', 'prompts/analysis', 'production'), expectSuggestion: 'v1.9.0' },
  // The rollback is deployed at 14:55; Conductor's loader may serve cached v2.0.0 prompts for an hour.
  reported('2026-11-24T14:55:00Z', 'production', 8907, ['prompts/analysis=v1.9.0'], '1h'),
  deploy('2026-11-24T15:05:00Z', BEA, 'INC-311 canary too', 'rollback', 'prompts/analysis', 'canary', 'v1.9.0'),
  deploy('2026-11-25T09:30:00Z', ANA, 'INC-311 fix: the verdict comes with its reasons', 'set', 'prompts/analysis', 'staging', 'v2.0.1'),
  deploy('2026-11-25T10:00:00Z', BEA, 'CHG-1853 EU gets the Tuesday release without analysis v2', 'batch', 'production-eu', 'prompts/extraction=v1.1.0', 'configs/validation=v1.5.0'),
  // The EU deploy job publishes extraction; validation's deploy never reports: production-eu's validation stays pending.
  reported('2026-11-25T10:04:00Z', 'production-eu', 8921, ['prompts/extraction=v1.1.0']),
  // Carl puts the line-items release candidate on canary with the Edgit CLI (not observed until the next recorded move here).
  { kind: 'edgit-cli', at: '2026-11-25T16:00:00Z', by: CARL, component: 'prompts/extraction', environment: 'canary', version: 'v1.2.0-rc.1' },
  // Dev rolls staging's summary back in his own clone and pushes; this clone has not fetched it.
  { kind: 'teammate', at: '2026-11-26T10:15:00Z', by: DEV, args: ['rollback', 'prompts/summary', 'staging', 'v1.1.0'], reason: 'summary v1.2 cuts Japanese tickets mid-sentence' },
];

/**
 * The templates of `journey init`: for each, the map it starts from, the owners and channels that
 * map uses (the config lists exactly these, so the workspace validates clean and names no other
 * industry's teams), and the survey export it ships, if any, with the columns that export has.
 * Pure: the command reads the files and writes the workspace.
 */

export type SurveyColumn = 'nps' | 'csat' | 'ces' | 'fcr' | 'channel' | 'stage' | 'touchpoint' | 'date' | 'response_id' | 'comment';

export interface WorkspaceTemplate {
  /** What the template holds, for help and docs. */
  summary: string;
  /** The map, relative to the package root. */
  map: string;
  /** The workspace's own channels (beyond the standard ones) the map uses, each with a note. */
  channels: Readonly<Record<string, string>>;
  /** Every owner the map names. */
  owners: readonly string[];
  /** An example export shipped with the template, and the columns of it the config binds. */
  survey?: { export: string; columns: Readonly<Partial<Record<SurveyColumn, string>>> };
}

export const WORKSPACE_TEMPLATES = {
  retail: {
    summary: 'online grocery order, first-time buyer, with a Qualtrics survey export',
    map: 'examples/retail/online-order.journey.yaml',
    channels: {},
    owners: ['digital-cx', 'marketing', 'ecommerce-product', 'crm', 'fulfilment-ops', 'customer-care', 'store-operations', 'loyalty'],
    survey: { export: 'examples/surveys/online-order-survey.csv', columns: { channel: 'channel', stage: 'stage', touchpoint: 'touchpoint' } },
  },
  saas: {
    summary: 'B2B free trial to paid subscription',
    map: 'examples/saas/trial-onboarding.journey.yaml',
    channels: { 'in-product': 'screens inside the product', 'video-call': 'scheduled or on-demand video sessions' },
    owners: ['marketing', 'product-design', 'growth', 'lifecycle-marketing', 'integrations', 'sales', 'billing', 'customer-success', 'customer-support'],
  },
  healthcare: {
    summary: 'specialist appointment, from referral to bill',
    map: 'examples/healthcare/appointment.journey.yaml',
    channels: { kiosk: 'self check-in terminals', 'patient-portal': 'the patient portal (web and app)', 'video-call': 'scheduled or on-demand video sessions' },
    owners: ['patient-experience', 'referral-management', 'digital-health', 'booking-centre', 'clinical-operations', 'medical-records', 'revenue-cycle'],
  },
  'financial-services': {
    summary: 'current account opening',
    map: 'examples/financial-services/account-opening.journey.yaml',
    channels: { 'video-call': 'scheduled or on-demand video sessions' },
    owners: ['marketing', 'retail-banking-cx', 'digital-banking', 'financial-crime', 'onboarding-operations', 'branch-network', 'contact-centre', 'cards'],
  },
  telecom: {
    summary: 'home broadband: installation, moving home and a fault repair',
    map: 'templates/init/home-broadband.journey.yaml',
    channels: { 'video-call': 'remote set-up sessions with a technician' },
    owners: ['broadband-cx', 'digital-sales', 'order-management', 'field-operations', 'customer-care', 'home-moves', 'network-operations'],
  },
  blank: {
    summary: 'a minimal map skeleton with the optional fields as comments',
    map: 'templates/init/blank.journey.yaml',
    channels: {},
    owners: [],
  },
} as const satisfies Record<string, WorkspaceTemplate>;

export type TemplateName = keyof typeof WORKSPACE_TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(WORKSPACE_TEMPLATES) as TemplateName[];

/** Where a template's example export lands in the workspace. */
export function surveyTarget(template: WorkspaceTemplate): string | undefined {
  return template.survey === undefined ? undefined : `surveys/${template.survey.export.split('/').pop()!}`;
}

function channelsBlock(template: WorkspaceTemplate): string {
  const entries = Object.entries(template.channels);
  if (entries.length === 0) return 'channels: []';
  const width = Math.max(...entries.map(([id]) => id.length));
  return ['channels:', ...entries.map(([id, note]) => `  - ${id.padEnd(width)}   # ${note}`)].join('\n');
}

function ownersBlock(template: WorkspaceTemplate): string {
  if (template.owners.length === 0) return 'owners: []   # none yet: validate reports each owner a map names until it is listed';
  return ['owners:', ...template.owners.map((owner) => `  - ${owner}`)].join('\n');
}

function surveyBlock(template: WorkspaceTemplate): string {
  const survey = template.survey;
  if (survey === undefined) {
    return [
      'survey:',
      '  platform: auto',
      "  # columns:                 # for an export with a column naming each response's touchpoint:",
      "  #   touchpoint: touchpoint  # matched against each touchpoint's survey_segment (default: its id)",
    ].join('\n');
  }
  const columns = Object.entries(survey.columns);
  return [
    'survey:',
    `  export: ${surveyTarget(template)!}   # what journey report reads without --survey (also in CI)`,
    '  platform: auto',
    `  columns:   # the columns of ${surveyTarget(template)!}`,
    ...columns.map(([key, column]) => `    ${key}: ${column}`),
  ].join('\n');
}

/** The config a template writes: the skeleton with its channels, owners and survey binding. */
export function renderConfig(skeleton: string, template: WorkspaceTemplate): string {
  return skeleton
    .replace(/^#@channels$/m, () => channelsBlock(template))
    .replace(/^#@owners$/m, () => ownersBlock(template))
    .replace(/^#@survey$/m, () => surveyBlock(template));
}

const GITIGNORE_NOTE = '# Added by `journey init` (what journeykit produces; see its docs):';

/**
 * An existing .gitignore with the template's entries it lacks appended under a note, or
 * undefined when it has them all already. Entries compare by their trimmed text.
 */
export function mergeGitignore(existing: string, template: string): string | undefined {
  const have = new Set(existing.split(/\r?\n/).map((line) => line.trim()));
  const missing = template
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !have.has(line));
  if (missing.length === 0) return undefined;
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  return `${existing}${separator}${existing === '' ? '' : '\n'}${GITIGNORE_NOTE}\n${missing.join('\n')}\n`;
}

// The kinds of things the activity log can be filtered by (labels: i18n `entities.*`).
export const AUDIT_ENTITIES = [
  'user',
  'customer',
  'package',
  'transaction',
  'settings',
  'message',
  'broadcast',
  'system',
];

/**
 * Which consumer failures end the process. A broker restart, a leader move or a lost connection
 * can surface as errors kafkajs does not restart by itself (a retry budget spent, a coordinator
 * not found); the ingestor restarts its consumer after those, for as long as it takes. Only a
 * failure no wait can cure is fatal: the credentials or rights are wrong, the configuration is
 * refused, or the code itself is broken. Then the process exits 1 for a supervisor to see.
 */
const CONFIGURATION_TYPES = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'UNSUPPORTED_SASL_MECHANISM',
  'ILLEGAL_SASL_STATE',
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'INVALID_SESSION_TIMEOUT',
  'INVALID_GROUP_ID',
  'INVALID_CONFIG',
  'UNSUPPORTED_VERSION',
]);
const CONFIGURATION_NAMES = new Set(['KafkaJSSASLAuthenticationError', 'KafkaJSNotImplemented', 'KafkaJSServerDoesNotSupportApiKey']);
const BUG_NAMES = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError']);

export function isFatalConsumerFailure(error: unknown): boolean {
  for (const failure of causes(error)) {
    const { name, type } = failure as { name?: unknown; type?: unknown };
    if (typeof type === 'string' && CONFIGURATION_TYPES.has(type)) return true;
    if (typeof name === 'string' && (CONFIGURATION_NAMES.has(name) || BUG_NAMES.has(name))) return true;
  }
  return false;
}

/** The error and the errors it wraps (kafkajs nests the original under `cause`, sometimes several deep). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (typeof current === 'object' && current !== null && chain.length < 10 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause ?? (current as { originalError?: unknown }).originalError;
  }
  return chain;
}

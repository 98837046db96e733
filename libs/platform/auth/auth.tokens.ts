/** Injection token for the ApiKeyRegistry, so tests and apps can supply their own. */
export const API_KEY_REGISTRY = Symbol('API_KEY_REGISTRY');

import { isDeepStrictEqual } from 'node:util';
import { validateCloudEvent } from '../validate-cloud-event';
import { frozenValidateCloudEvent } from './frozen-class-validator/validate-cloud-event';

type Validate = typeof validateCloudEvent;

/**
 * The compiled validator, checked on every call against the frozen class-validator implementation
 * it replaced (frozen-class-validator/): the test fails unless both outcomes are identical, the
 * accepted copy, every message, every path and their order included.
 */
export function agreeingWithFrozen(validate: Validate = validateCloudEvent): Validate {
  return (input, pathPrefix) => {
    const outcome = validate(input, pathPrefix);
    const frozen = frozenValidateCloudEvent(input, pathPrefix);
    // isDeepStrictEqual is the same strict comparison (prototypes, -0, undefined keys) at a fraction
    // of the cost; expect only runs to print the difference.
    if (!isDeepStrictEqual(outcome, frozen)) expect(outcome).toStrictEqual(frozen);
    return outcome;
  };
}

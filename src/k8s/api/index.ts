/** The Kubernetes API layer: quantities, durations, field errors, typed objects and the manifest reader. */
export * from './types.js';
export * from './intstr.js';
export { parseManifest, expandList, type ParsedManifest } from './manifests.js';
export { parseQuantityField, resourceQuantity, describeQuantity } from './manifest-common.js';
export {
  Quantity, parseQuantity, isQuantity, isQuantityFormat, QUANTITY_FORMATS, QUANTITY_REGEXP, ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX,
  type QuantityFormat,
} from './quantity.js';
export { parseDuration, parseDurationNanos, parseDurationField, DURATION_EXPECTED } from './duration.js';
export {
  Fields, child, index, key, isPlainObject, suggest, invalid, required, forbidden, duplicate, notSupported, nonNegative, unknownField,
  formatBadValue, NOT_MODELLED, type FieldSpec, type IntOptions,
} from './field.js';

export { parseDocuments, type ParsedInput } from './parse-documents.js';
export { readInputs, MAX_INPUT_BYTES, type ReadInputsOptions } from './read-inputs.js';
export { KUBECTL_YAML_SCHEMA } from './kubectl-yaml-schema.js';
export { MAX_ALIASES, MAX_DEPTH, MAX_EXPANDED_VALUES } from './load-document.js';

import { boolYaml11Tag, CORE_SCHEMA, defineScalarTag, intCoreTag, mergeTag, type Schema } from 'js-yaml';

/*
 * kubectl reads YAML through sigs.k8s.io/yaml, which decodes with a go-yaml v2 fork into untyped
 * JSON. That is YAML 1.1 for the scalars that matter here, so we read the way the cluster will:
 *  - `yes`/`no`/`on`/`off`/`y`/`n` are booleans (`privileged: yes` IS privileged, and a check that
 *    saw the string "yes" would miss it);
 *  - `0644` is octal 420 (`defaultMode: 0644` written back as 644 would change file modes);
 *  - `<<` merge keys work.
 * Timestamps stay strings (go-yaml v2 keeps them as strings for untyped targets), so no `Date`
 * ever reaches the model and every value stays plain JSON.
 */

const LEGACY_OCTAL = /^([-+]?)0([0-7]+)$/;

const kubectlIntTag = defineScalarTag<number>('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: intCoreTag.implicitFirstChars,
  resolve(source, isExplicit, tagName) {
    const octal = LEGACY_OCTAL.exec(source);
    if (octal) {
      const magnitude = Number.parseInt(octal[2] ?? '0', 8);
      return octal[1] === '-' ? -magnitude : magnitude;
    }
    return intCoreTag.resolve(source, isExplicit, tagName);
  },
  identify: intCoreTag.identify,
  represent: intCoreTag.represent,
});

/** The YAML schema that reads manifests the way `kubectl apply` does. */
export const KUBECTL_YAML_SCHEMA: Schema = CORE_SCHEMA.withTags(boolYaml11Tag, kubectlIntTag, mergeTag);

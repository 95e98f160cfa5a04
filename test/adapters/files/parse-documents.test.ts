import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocuments, type ParsedInput } from '../../../src/adapters/files/index.js';
import { formatInputError } from '../../../src/core/model/workload.js';

const INPUTS = path.join('test', 'fixtures', 'inputs');

function parseFixture(name: string): ParsedInput & { file: string } {
  const file = path.join(INPUTS, name);
  return { ...parseDocuments(readFileSync(file, 'utf8'), file), file };
}

/** `document line kind/name` per object, the way a user would find it again in the file. */
function positions(result: ParsedInput): string[] {
  return result.objects.map(
    ({ object, source }) => `${source.document} ${source.line} ${object.kind}/${object.metadata?.name}`,
  );
}

function formattedErrors(result: ParsedInput): string[] {
  return result.errors.map(formatInputError);
}

test('helm output: numbers only documents with content and records their first content line', () => {
  const result = parseFixture('helm-output.yaml');
  assert.deepEqual(positions(result), ['1 3 ServiceAccount/shop', '2 12 Deployment/shop']);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.skipped, []);
});

test('a broken document in the middle does not hide the documents around it', () => {
  const result = parseFixture('broken-middle.yaml');
  assert.deepEqual(positions(result), ['1 1 ConfigMap/before', '3 13 ConfigMap/after']);
  assert.deepEqual(formattedErrors(result), [
    `${result.file}#2:10: YAML syntax error: bad indentation of a mapping entry`,
  ]);
});

test('a List expands into its items, numbered N.M with each item\'s own line', () => {
  const result = parseFixture('list.yaml');
  assert.deepEqual(positions(result), [
    '1 1 Namespace/shop',
    '2 6 ConfigMap/settings',
    '3.1 15 Deployment/web',
    '3.2 20 Deployment/api',
  ]);
});

test('JSON input: a single object with tab indentation, and a typed List', () => {
  assert.deepEqual(positions(parseFixture('pod.json')), ['1 1 Pod/json-pod']);
  assert.deepEqual(positions(parseFixture('deployment-list.json')), ['1.1 5 Deployment/one', '1.2 6 Deployment/two']);
});

test('an empty List gives no objects and no complaints', () => {
  const result = parseDocuments('apiVersion: v1\nkind: List\nitems: []\n', 'empty.yaml');
  assert.deepEqual(result, { objects: [], errors: [], skipped: [] });
});

test('documents that are not Kubernetes objects are skipped with a reason, not errors', () => {
  const result = parseFixture('not-kubernetes.yaml');
  assert.deepEqual(positions(result), ['5 12 ConfigMap/real']);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    result.skipped.map(({ document, kind, name, why }) => ({ document, kind, name, why })),
    [
      { document: '1', kind: '', name: '', why: 'not a Kubernetes object: a string, not a mapping' },
      { document: '2', kind: '', name: '', why: 'not a Kubernetes object: a list, not a mapping' },
      { document: '3', kind: '', name: '', why: 'not a Kubernetes object: no kind or apiVersion' },
      { document: '4', kind: 'Pod', name: 'no-api-version', why: 'not a Kubernetes object: no apiVersion' },
    ],
  );
  assert.ok(result.skipped.every((skipped) => skipped.file === result.file));
});

test('bad input gives one error line naming file, document and line', async (t) => {
  const cases = [
    {
      fixture: 'bad/duplicate-key.yaml',
      error: '#2:14: YAML syntax error: duplicated mapping key "image"',
      readAnyway: ['1 1 ConfigMap/first'],
    },
    {
      fixture: 'bad/tab-indent.yaml',
      error: '#1:4: YAML syntax error: tab characters must not be used in indentation',
      readAnyway: [],
    },
    {
      fixture: 'bad/syntax-error.yaml',
      // js-yaml's words for a quote left open until the end of the document.
      error: '#2:12: YAML syntax error: deficient indentation',
      readAnyway: ['1 1 Service/ok'],
    },
    {
      fixture: 'bad/deep-nesting.yaml',
      error: '#1:6: nested more than 200 levels deep; refusing it',
      readAnyway: [],
    },
  ];
  for (const { fixture, error, readAnyway } of cases) {
    await t.test(fixture, () => {
      const result = parseFixture(fixture);
      assert.deepEqual(formattedErrors(result), [`${result.file}${error}`]);
      assert.deepEqual(positions(result), readAnyway);
    });
  }
});

test('a "billion laughs" alias bomb is refused quickly instead of expanded', { timeout: 10_000 }, () => {
  const started = performance.now();
  const result = parseFixture('bad/alias-bomb.yaml');
  assert.deepEqual(formattedErrors(result), [
    `${result.file}#1:1: aliases expand this document to more than 1000000 values; refusing it (an alias bomb?)`,
  ]);
  assert.ok(performance.now() - started < 2000, 'refusing the bomb took over 2 s');
});

test('more than 1000 aliases in one document are refused', () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nv: &v 1\nmany: [${Array(1001).fill('*v').join(', ')}]\n`;
  assert.deepEqual(formattedErrors(parseDocuments(text, 'many.yaml')), [
    'many.yaml#1:5: more than 1000 aliases (*name) in one document; refusing it (an alias bomb?)',
  ]);
});

test('an alias inside its own anchor (a cycle) is an error, not a circular object', () => {
  const result = parseDocuments('apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: x, again: *m}\n', 'cycle.yaml');
  assert.deepEqual(formattedErrors(result), [
    'cycle.yaml#1:1: an alias points into the node that contains it (a cycle); refusing it',
  ]);
});

test('aliases are expanded into independent copies', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - &c {name: a, image: x}\n  - *c\n';
  const [pod] = parseDocuments(text, 'pod.yaml').objects;
  const containers = (pod?.object.spec as { containers: object[] }).containers;
  assert.deepEqual(containers[0], containers[1]);
  assert.notEqual(containers[0], containers[1]);
});

test('text with NUL bytes is one error for the whole file', () => {
  const result = parseDocuments('apiVersion: v1\n\u0000\u0001\u0002', 'image.png');
  assert.deepEqual(formattedErrors(result), ['image.png: binary file (contains NUL bytes), not YAML or JSON']);
  assert.deepEqual(result.objects, []);
});

test('error messages are one line and never quote the document (it may be a Secret)', () => {
  const text = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata: {name: db}',
    'stringData:',
    '  password: "hunter2',
    '  user: admin',
  ].join('\n');
  const [error, ...rest] = parseDocuments(text, 'secret.yaml').errors;
  assert.equal(rest.length, 0);
  assert.ok(error);
  assert.doesNotMatch(error.message, /\n/);
  assert.doesNotMatch(formatInputError(error), /hunter2/);
});

test('scalars read the way kubectl reads them (YAML 1.1 booleans and octals)', () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p, annotations: {built: 2024-05-01}}',
    'spec:',
    '  containers: [{name: a, image: x, securityContext: {privileged: yes}}]',
    '  volumes: [{name: s, secret: {secretName: s, defaultMode: 0644}}]',
  ].join('\n');
  const [pod] = parseDocuments(text, 'pod.yaml').objects;
  const spec = pod?.object.spec as {
    containers: { securityContext: { privileged: unknown } }[];
    volumes: { secret: { defaultMode: unknown } }[];
  };
  assert.equal(spec.containers[0]?.securityContext.privileged, true);
  assert.equal(spec.volumes[0]?.secret.defaultMode, 0o644);
  assert.equal(pod?.object.metadata?.annotations?.built, '2024-05-01');
});

test('CRLF line endings, a byte-order mark, directives and end markers', () => {
  const text =
    '\uFEFF%YAML 1.2\r\n---\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: one}\r\n...\r\n' +
    'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: two}\r\n';
  const result = parseDocuments(text, 'windows.yaml');
  assert.deepEqual(result.errors, []);
  assert.deepEqual(positions(result), ['1 3 ConfigMap/one', '2 7 ConfigMap/two']);
});

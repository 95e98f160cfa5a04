/**
 * Masking before anything is shown: env values with secret-looking names, ConfigMap keys with
 * secret-looking names, credentials inside URLs anywhere; Secret objects recognised so they are
 * never shown at all. The CLI side (plan output, export folder) is in test/cli/plan-export.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/model/kube.js';
import { MASK, isSecret, looksSecretName, maskSecrets, maskUrlCredentials } from '../../../src/core/plan/mask-secrets.js';
import { deepFreeze } from '../../fixtures/plan/arbitrary-workloads.js';

describe('secret-looking names', () => {
  const secret = ['DB_PASSWORD', 'POSTGRES_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'PGPASSWORD', 'DB_PASS', 'PASSWD', 'passphrase', 'JWT_SECRET', 'CLIENT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'API_KEY', 'apiKey', 'api-key', 'GITHUB_TOKEN', 'AUTH_TOKEN', 'PRIVATE_KEY', 'SIGNING_KEY', 'CLIENT_KEY', 'credentials', 'BASIC_AUTH'];
  const plain = ['DATABASE_URL', 'LOG_LEVEL', 'PATH', 'REDIS_ADDR', 'API_URL', 'PORT', 'POSTGRES_USER', 'PGDATA', 'HOSTNAME'];
  for (const name of secret) test(`${name} looks secret`, () => assert.equal(looksSecretName(name), true));
  for (const name of plain) test(`${name} does not`, () => assert.equal(looksSecretName(name), false));
});

describe('credentials inside URLs', () => {
  const cases: [string, string][] = [
    ['postgres://u:hunter2@db:5432/x', 'postgres://u:***@db:5432/x'],
    ['DATABASE_URL=postgres://u:hunter2@db:5432/x', 'DATABASE_URL=postgres://u:***@db:5432/x'],
    ['redis://:hunter2@redis:6379/0', 'redis://:***@redis:6379/0'],
    ['mongodb+srv://app:hunter2@cluster0.example.net/db?retryWrites=true', 'mongodb+srv://app:***@cluster0.example.net/db?retryWrites=true'],
    ['amqp://user:pa%40ss@rabbit', 'amqp://user:***@rabbit'],
    // A raw `@` in the password: nothing of the password may leak.
    ['postgres://u:p@ss@db/x', 'postgres://u:***@db/x'],
    // A token in the user position.
    ['https://ghp_hunter2@github.com/org/repo.git', 'https://***@github.com/org/repo.git'],
    ['postgres://u:hunter2@[::1]:5432/x', 'postgres://u:***@[::1]:5432/x'],
    ['two: http://a:hunter2@one.example and https://b:s3cret@two.example/p', 'two: http://a:***@one.example and https://b:***@two.example/p'],
    ['http://api:8080', 'http://api:8080'],
    ['https://example.com/users/@me?mail=a@b.example', 'https://example.com/users/@me?mail=a@b.example'],
    ['redis:6379', 'redis:6379'],
  ];
  for (const [input, expected] of cases) {
    test(input, () => {
      assert.equal(maskUrlCredentials(input), expected);
      assert.doesNotMatch(maskUrlCredentials(input), /hunter2|s3cret/);
    });
  }
});

describe('maskSecrets', () => {
  const deployment = (env: unknown[], extra: Record<string, unknown> = {}): KubeObject =>
    deepFreeze({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { template: { spec: { containers: [{ name: 'api', image: 'ghcr.io/example/api:1.0', env, ...extra }] } } },
    });
  const containerOf = (object: KubeObject) => (object.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;

  test('env values with secret-looking names are masked; URLs lose their credentials; the rest is untouched', () => {
    const masked = maskSecrets(
      deployment([
        { name: 'DB_PASSWORD', value: 'hunter2' },
        { name: 'DATABASE_URL', value: 'postgres://u:hunter2@db:5432/x' },
        { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'EMPTY_PASSWORD', value: '' },
      ]),
    );
    assert.deepEqual(containerOf(masked).env, [
      { name: 'DB_PASSWORD', value: MASK },
      { name: 'DATABASE_URL', value: 'postgres://u:***@db:5432/x' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
      { name: 'LOG_LEVEL', value: 'info' },
      // Nothing to hide in an empty value; masking it would suggest there was.
      { name: 'EMPTY_PASSWORD', value: '' },
    ]);
    assert.doesNotMatch(JSON.stringify(masked), /hunter2/);
  });

  test('URL credentials are masked anywhere in the object (args, annotations)', () => {
    const object = deepFreeze({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', annotations: { 'example.com/source': 'https://deploy:hunter2@git.example.com/app.git' } },
      spec: { template: { spec: { containers: [{ name: 'migrate', args: ['--db', 'postgres://u:hunter2@db/x'] }] } } },
    });
    assert.doesNotMatch(JSON.stringify(maskSecrets(object)), /hunter2/);
  });

  test('ConfigMap data is masked by key name', () => {
    const configMap = deepFreeze({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'api-config' },
      data: { DB_PASSWORD: 'hunter2', PAYMENTS_URL: 'https://shop:hunter2@payments.example.com', LOG_LEVEL: 'info' },
    });
    assert.deepEqual(maskSecrets(configMap).data, { DB_PASSWORD: MASK, PAYMENTS_URL: 'https://shop:***@payments.example.com', LOG_LEVEL: 'info' });
  });

  test('a key named like a secret outside env and ConfigMap data is left alone (a label is not a value)', () => {
    const object = deepFreeze({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'auth', labels: { token: 'yes' } }, spec: { selector: { app: 'auth' } } });
    assert.deepEqual(maskSecrets(object), object);
  });

  test('the input is never modified and the result is a copy', () => {
    const object = deployment([{ name: 'DB_PASSWORD', value: 'hunter2' }]);
    const masked = maskSecrets(object);
    assert.notEqual(masked, object);
    assert.deepEqual(containerOf(object).env, [{ name: 'DB_PASSWORD', value: 'hunter2' }]);
  });

  test('an object without secrets comes back equal', () => {
    const object = deployment([{ name: 'LOG_LEVEL', value: 'info' }], { ports: [{ containerPort: 8080 }] });
    assert.deepEqual(maskSecrets(object), object);
  });

  test('a key named __proto__ is kept as data, not as a prototype', () => {
    const configMap = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"__proto__":"x","password":"hunter2"}}') as KubeObject;
    const masked = maskSecrets(configMap);
    assert.equal(Object.getPrototypeOf(masked.data), Object.prototype);
    assert.deepEqual(Object.keys(masked.data as object), ['__proto__', 'password']);
  });
});

describe('isSecret', () => {
  const cases: [KubeObject, boolean][] = [
    [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, true],
    [{ kind: 'Secret', metadata: { name: 's' } }, true],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, false],
    // A custom resource that happens to be called Secret is not the core Secret.
    [{ apiVersion: 'example.com/v1', kind: 'Secret', metadata: { name: 'x' } }, false],
  ];
  for (const [object, expected] of cases) test(`${object.apiVersion ?? '(no apiVersion)'} ${object.kind}: ${expected}`, () => assert.equal(isSecret(object), expected));
});

test('secret-looking names that are easy to miss are masked; AUTHOR is not', () => {
  for (const name of ['SESSION_KEY', 'ENCRYPTION_KEY', 'DB_PWD', 'GITHUB_PAT', 'PAT', 'MASTER_KEY', 'AUTH_HEADER', 'OAUTH_TOKEN']) {
    assert.equal(looksSecretName(name), true, name);
  }
  for (const name of ['AUTHOR', 'PATH', 'PATTERN', 'SPATIAL', 'LOG_LEVEL']) assert.equal(looksSecretName(name), false, name);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA_STORE_PRODUCTS, dataStoreForImage, dataStoreForPort, imageRepository } from '../../../src/core/classify/data-store-signals.js';

test('imageRepository drops tag and digest, keeps registry and path, lower-cases', () => {
  const cases: [string, string][] = [
    ['postgres', 'postgres'],
    ['postgres:16', 'postgres'],
    ['docker.io/bitnami/postgresql:16.4.0-debian-12-r0', 'docker.io/bitnami/postgresql'],
    ['redis@sha256:0123abcd', 'redis'],
    ['registry.example.com:5000/team/redis:7@sha256:0123abcd', 'registry.example.com:5000/team/redis'],
    ['localhost:5000/mongo', 'localhost:5000/mongo'],
    ['  Docker.io/Library/MySQL:8 ', 'docker.io/library/mysql'],
  ];
  for (const [image, expected] of cases) assert.equal(imageRepository(image), expected, image);
});

test('dataStoreForImage: registries, paths, tags and digests do not matter', () => {
  const cases: [string, string][] = [
    ['postgres:16', 'PostgreSQL'],
    ['docker.io/bitnami/postgresql:16', 'PostgreSQL'],
    ['ghcr.io/cloudnative-pg/postgresql:16.3', 'PostgreSQL'],
    ['postgis/postgis:16-3.4', 'PostgreSQL'],
    ['timescale/timescaledb-ha:pg16', 'TimescaleDB'],
    ['mysql:8.4', 'MySQL'],
    ['mariadb:11@sha256:abcdef', 'MariaDB'],
    ['mongo:7', 'MongoDB'],
    ['registry-1.docker.io/bitnami/mongodb:7.0', 'MongoDB'],
    ['redis:7.2-alpine', 'Redis'],
    ['valkey/valkey:8', 'Valkey'],
    ['memcached:1.6', 'Memcached'],
    ['cassandra:5', 'Cassandra'],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.15.0', 'Elasticsearch'],
    ['opensearchproject/opensearch:2', 'OpenSearch'],
    ['confluentinc/cp-kafka:7.7.0', 'Kafka'],
    ['apache/kafka:3.8.0', 'Kafka'],
    ['zookeeper:3.9', 'ZooKeeper'],
    ['rabbitmq:3-management', 'RabbitMQ'],
    ['nats:2.10-alpine', 'NATS'],
    ['registry.k8s.io/etcd:3.5.15-0', 'etcd'],
    ['cockroachdb/cockroach:v24.2.0', 'CockroachDB'],
    ['clickhouse/clickhouse-server:24.8', 'ClickHouse'],
    ['influxdb:2.7', 'InfluxDB'],
    ['couchdb:3', 'CouchDB'],
    ['neo4j:5', 'Neo4j'],
    ['quay.io/minio/minio:RELEASE.2024-08-17T01-24-54Z', 'MinIO'],
    ['mcr.microsoft.com/mssql/server:2022-latest', 'Microsoft SQL Server'],
    ['container-registry.oracle.com/database/free:latest', 'Oracle Database'],
    ['gvenzl/oracle-xe:21-slim', 'Oracle Database'],
    ['apachepulsar/pulsar:3.3.1', 'Pulsar'],
    ['solr:9', 'Solr'],
    ['hashicorp/consul:1.19', 'Consul'],
  ];
  for (const [image, product] of cases) assert.equal(dataStoreForImage(image)?.product, product, image);
});

test('dataStoreForImage: clients, exporters and look-alikes are not data stores', () => {
  for (const image of [
    'nginx:1.27',
    'ghcr.io/example/shop-api:2.4.1',
    'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
    'oliver006/redis_exporter:v1.62.0',
    'bitnami/redis-exporter:1',
    'rediscommander/redis-commander:latest',
    'mongo-express:1',
    'dpage/pgadmin4:8',
    'provectuslabs/kafka-ui:latest',
    'example/postgres-operator:1',
    'example/my-redis-app:1',
    'hashicorp/vault:1.17',
    'server:1',
    'database:1',
    '',
  ]) {
    assert.equal(dataStoreForImage(image), undefined, image);
  }
});

test('dataStoreForPort: specific ports only', () => {
  const known: [number, string][] = [
    [5432, 'PostgreSQL'],
    [3306, 'MySQL'],
    [27017, 'MongoDB'],
    [6379, 'Redis'],
    [11211, 'Memcached'],
    [9042, 'Cassandra'],
    [9200, 'Elasticsearch'],
    [9092, 'Kafka'],
    [2181, 'ZooKeeper'],
    [5672, 'RabbitMQ'],
    [4222, 'NATS'],
    [2379, 'etcd'],
    [26257, 'CockroachDB'],
    [8086, 'InfluxDB'],
    [5984, 'CouchDB'],
    [7687, 'Neo4j'],
    [1433, 'Microsoft SQL Server'],
    [1521, 'Oracle Database'],
  ];
  for (const [port, product] of known) assert.equal(dataStoreForPort(port)?.product, product, String(port));
  for (const port of [80, 443, 3000, 4000, 5000, 7000, 8000, 8080, 8081, 8123, 8443, 8888, 9000, 9001, 9090, 9093, 9100, 4369]) {
    assert.equal(dataStoreForPort(port), undefined, String(port));
  }
});

test('the table is well-formed: each image name and port under one product only', () => {
  const products = DATA_STORE_PRODUCTS.map((entry) => entry.product);
  assert.equal(new Set(products).size, products.length, 'product names are unique');
  const images = DATA_STORE_PRODUCTS.flatMap((entry) => entry.images);
  assert.deepEqual(images.filter((name, index) => images.indexOf(name) !== index), [], 'image names are unique');
  const ports = DATA_STORE_PRODUCTS.flatMap((entry) => entry.ports);
  assert.deepEqual(ports.filter((port, index) => ports.indexOf(port) !== index), [], 'ports are unique');
  for (const name of images) assert.equal(name, name.toLowerCase(), `${name} is lower-case`);
  for (const port of ports) assert.ok(Number.isInteger(port) && port > 0 && port < 65536, String(port));
  for (const entry of DATA_STORE_PRODUCTS) assert.ok(entry.images.length > 0, `${entry.product} has an image`);
});

/**
 * What makes a container look like a data store (database, cache, queue, search index, object or
 * key-value store): its image's repository name, or a port that the product owns.
 *
 * Kept as data so that adding a product is one line. Two rules keep false positives out:
 * - Images match on whole repository names, never on prefixes: `postgres-exporter`,
 *   `redis-commander`, `kafka-ui`, `mongo-express` and `pgadmin4` are clients, not stores.
 * - Ports are listed only when a port all but names its product (IANA-registered or used by
 *   nothing else in practice). Left out on purpose: 8080, 8000, 3000, 9000 (MinIO's and
 *   ClickHouse's native port, also php-fpm, SonarQube, Portainer), 9001, 8123 (ClickHouse HTTP,
 *   also Home Assistant), 9093 (Kafka TLS by convention, but Alertmanager's own port), 7000/7001
 *   (Cassandra gossip, also many web apps), 4369 (Erlang's epmd, any Erlang app), 4000 (TiDB,
 *   also countless dev servers), 8200 (Vault). Those products are still found by image.
 * Left out as products: Vault (a secrets service whose clients use an HTTP API; a Vault that keeps
 * data runs as a StatefulSet with claims and is caught by that), MQTT brokers (often faced to
 * devices on the internet, where the data-store posture would cut them off), and metrics or log
 * back ends such as Prometheus and Loki.
 */

export interface DataStoreProduct {
  /** The name shown to the user: `image postgres:16 looks like PostgreSQL`. */
  readonly product: string;
  /**
   * Repository names. One without `/` matches the last path segment of an image's repository
   * (`postgres` matches `docker.io/library/postgres:16`); one with `/` matches its last segments
   * (`mssql/server` matches `mcr.microsoft.com/mssql/server:2022-latest`).
   */
  readonly images: readonly string[];
  /** TCP ports that this product owns; a port appears under one product only, the one whose protocol it is. */
  readonly ports: readonly number[];
}

export const DATA_STORE_PRODUCTS: readonly DataStoreProduct[] = [
  // Relational
  {
    product: 'PostgreSQL',
    images: [
      'postgres',
      'postgresql',
      'postgresql-repmgr',
      'postgresql-ha',
      'postgis',
      'pgvector',
      'crunchy-postgres',
      'spilo',
      'spilo-15',
      'spilo-16',
      'spilo-17',
    ],
    ports: [5432],
  },
  { product: 'TimescaleDB', images: ['timescaledb', 'timescaledb-ha'], ports: [] },
  { product: 'MySQL', images: ['mysql', 'mysql-server', 'percona-server', 'percona', 'percona-xtradb-cluster'], ports: [3306, 33060] },
  { product: 'MariaDB', images: ['mariadb', 'mariadb-galera'], ports: [] },
  { product: 'Microsoft SQL Server', images: ['mssql/server', 'mssql-server-linux', 'azure-sql-edge'], ports: [1433] },
  {
    product: 'Oracle Database',
    images: ['oracle/database', 'database/enterprise', 'database/free', 'database/express', 'oracle-xe', 'oracle-free'],
    ports: [1521],
  },
  { product: 'Db2', images: ['db2'], ports: [50000] },
  { product: 'CockroachDB', images: ['cockroach', 'cockroachdb'], ports: [26257] },
  { product: 'YugabyteDB', images: ['yugabyte'], ports: [] },
  { product: 'TiDB', images: ['tidb', 'tikv', 'pingcap/pd'], ports: [] },
  // Document, wide-column, graph
  {
    product: 'MongoDB',
    images: ['mongo', 'mongodb', 'mongodb-community-server', 'mongodb-enterprise-server', 'percona-server-mongodb', 'mongodb-sharded'],
    ports: [27017, 27018, 27019],
  },
  { product: 'CouchDB', images: ['couchdb'], ports: [5984] },
  { product: 'Couchbase', images: ['couchbase', 'couchbase/server'], ports: [8091, 11210] },
  { product: 'ArangoDB', images: ['arangodb'], ports: [8529] },
  { product: 'RethinkDB', images: ['rethinkdb'], ports: [28015] },
  { product: 'Cassandra', images: ['cassandra', 'dse-server'], ports: [9042] },
  { product: 'ScyllaDB', images: ['scylla'], ports: [] },
  { product: 'Neo4j', images: ['neo4j'], ports: [7474, 7687] },
  { product: 'Memgraph', images: ['memgraph', 'memgraph-mage'], ports: [] },
  // Caches and in-memory grids
  { product: 'Redis', images: ['redis', 'redis-stack', 'redis-stack-server', 'redis-cluster', 'redis-sentinel'], ports: [6379, 26379] },
  { product: 'Valkey', images: ['valkey', 'valkey-cluster'], ports: [] },
  { product: 'KeyDB', images: ['keydb'], ports: [] },
  { product: 'Dragonfly', images: ['dragonfly'], ports: [] },
  { product: 'Memcached', images: ['memcached'], ports: [11211] },
  { product: 'Hazelcast', images: ['hazelcast', 'hazelcast-enterprise'], ports: [5701] },
  // Search, analytics, time series, vectors
  { product: 'Elasticsearch', images: ['elasticsearch'], ports: [9200, 9300] },
  { product: 'OpenSearch', images: ['opensearch'], ports: [] },
  { product: 'Solr', images: ['solr'], ports: [8983] },
  { product: 'Meilisearch', images: ['meilisearch'], ports: [7700] },
  { product: 'ClickHouse', images: ['clickhouse', 'clickhouse-server'], ports: [9440] },
  { product: 'InfluxDB', images: ['influxdb'], ports: [8086] },
  { product: 'QuestDB', images: ['questdb'], ports: [] },
  { product: 'Qdrant', images: ['qdrant'], ports: [6333, 6334] },
  { product: 'Milvus', images: ['milvus'], ports: [19530] },
  { product: 'Weaviate', images: ['weaviate'], ports: [] },
  // Queues and streams
  { product: 'Kafka', images: ['kafka', 'cp-kafka', 'cp-server', 'cp-enterprise-kafka'], ports: [9092] },
  { product: 'Redpanda', images: ['redpanda'], ports: [] },
  { product: 'Pulsar', images: ['pulsar', 'pulsar-all'], ports: [6650] },
  { product: 'RabbitMQ', images: ['rabbitmq'], ports: [5671, 5672, 15672] },
  { product: 'ActiveMQ', images: ['activemq', 'activemq-classic', 'activemq-artemis', 'artemis'], ports: [61616] },
  { product: 'NATS', images: ['nats', 'nats-streaming'], ports: [4222, 6222] },
  { product: 'NSQ', images: ['nsq'], ports: [4150] },
  // Coordination and key-value
  { product: 'ZooKeeper', images: ['zookeeper', 'cp-zookeeper'], ports: [2181, 2888, 3888] },
  { product: 'etcd', images: ['etcd'], ports: [2379, 2380] },
  { product: 'Consul', images: ['consul'], ports: [8300, 8500] },
  { product: 'FoundationDB', images: ['foundationdb'], ports: [4500] },
  // Object storage
  { product: 'MinIO', images: ['minio'], ports: [] },
  { product: 'SeaweedFS', images: ['seaweedfs'], ports: [] },
];

/**
 * The repository path of an image reference, lower-cased, without registry-independent noise:
 * no tag, no digest (`docker.io/bitnami/postgresql:16@sha256:…` → `docker.io/bitnami/postgresql`).
 */
export function imageRepository(image: string): string {
  const withoutDigest = image.trim().split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return (colon === -1 ? withoutDigest : withoutDigest.slice(0, colon)).toLowerCase();
}

function matchesImage(repository: string, name: string): boolean {
  return repository === name || repository.endsWith(`/${name}`);
}

/** The data store an image looks like, by its repository name; registry, tag and digest are ignored. */
export function dataStoreForImage(image: string): DataStoreProduct | undefined {
  const repository = imageRepository(image);
  if (!repository) return undefined;
  return DATA_STORE_PRODUCTS.find((product) => product.images.some((name) => matchesImage(repository, name)));
}

const PRODUCT_BY_PORT: ReadonlyMap<number, DataStoreProduct> = new Map(
  DATA_STORE_PRODUCTS.flatMap((product) => product.ports.map((port) => [port, product] as const)),
);

/** The data store a TCP port belongs to, when the port is specific enough to say so. */
export function dataStoreForPort(port: number): DataStoreProduct | undefined {
  return PRODUCT_BY_PORT.get(port);
}

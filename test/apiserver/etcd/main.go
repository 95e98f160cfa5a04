// Command etcd runs etcd's own entry point (go.etcd.io/etcd/server/v3/etcdmain),
// exactly like etcd's server/main.go, so the test harness can build an etcd
// binary from the Go module proxy (see ../build.sh).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}

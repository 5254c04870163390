// Module of the inventory service.
module "example.com/inventory/v2"

go 1.21.4

godebug (
	default=go1.21
	panicnil=1
)

require (
	github.com/google/uuid v1.6.0
	"golang.org/x/sync" v0.7.0 // pinned for errgroup.SetLimit
	github.com/spf13/cobra v1.8.0
	github.com/klauspost/compress v1.17.8+incompatible
	github.com/go-logr/logr v1.4.1 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect; needed on Windows only
	golang.org/x/sys v0.0.0-20240311000000-abcdef123456 // indirect
)

require `github.com/spf13/pflag` v1.0.5 // indirect

exclude github.com/google/uuid v1.5.0

exclude (
	golang.org/x/sync v0.7.0
)

retract (
	v2.0.1 // published by mistake
	[v2.0.2, v2.0.4]
)

tool golang.org/x/tools/cmd/stringer

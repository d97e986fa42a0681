module github.com/wasync/wasync

go 1.26.8

require (
	github.com/Shopify/go-lua v0.0.0-20250718183320-1e37f32ad7d0
	github.com/tetratelabs/wazero v1.12.0
	go.uber.org/goleak v1.3.0
)

require golang.org/x/sys v0.44.0 // indirect

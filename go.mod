module github.com/wasync/wasync

go 1.26.8

require (
	github.com/Shopify/go-lua v0.0.0-20250718183320-1e37f32ad7d0
	github.com/google/pprof v0.0.0-20260906184651-6331bc6350fe
	github.com/tetratelabs/wazero v1.12.0
	go.uber.org/goleak v1.3.0
)

require (
	github.com/chzyer/readline v1.5.1 // indirect
	github.com/ianlancetaylor/demangle v0.0.0-20250417193237-f615e6bd150b // indirect
	golang.org/x/sys v0.44.0 // indirect
)

// wasync's patched go-lua: `make golua` writes it (third_party/go-lua/doc.go).
replace github.com/Shopify/go-lua => ./third_party/go-lua/module

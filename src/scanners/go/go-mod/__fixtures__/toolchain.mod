module example.com/tool

go 1.22.0

toolchain go1.22.4-custom

require github.com/BurntSushi/toml v1.4.0

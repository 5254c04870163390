module example.com/tool

go 1.21

toolchain default

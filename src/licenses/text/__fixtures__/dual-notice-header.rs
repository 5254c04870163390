// Copyright 2024 Example Corp.
//
// Licensed under either of Apache License, Version 2.0 or MIT license
// at your option. See http://www.apache.org/licenses/LICENSE-2.0 and
// https://opensource.org/licenses/MIT for the texts.

fn main() {
    println!("hello");
}

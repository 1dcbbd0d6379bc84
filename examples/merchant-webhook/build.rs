fn main() {
    alipay_codegen::Builder::new()
        .apis(["notifyCapture", "notifyPayment"])
        .compile()
        .unwrap_or_else(|e| e.exit());
}

fn main() {
    alipay_codegen::Builder::new()
        .apis(["notifyCapture", "notifyPayment"])
        .signature(true)
        .compile()
        .unwrap_or_else(|e| e.exit());
}

/// The logmedic library: ingest → rules → diagnosis → report / remediation.
public enum LogMedic {
    public static let version = "0.1.0"
}

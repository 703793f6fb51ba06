/// The page size of the modelled machine.
public enum PageSize {
    public static let bytes = 4_096
}

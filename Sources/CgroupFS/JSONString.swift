/// JSON string literals, for every module that writes JSON by hand (script
/// output here, scenario and report objects, `memcg designs --json`).
package enum JSONString {
    /// `s` as a JSON string literal: quotes, backslashes and control
    /// characters escaped.
    package static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u00" + UserText.hex2(scalar.value).lowercased()
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

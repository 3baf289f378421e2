// A small JSON reader for the scenario files: objects become ordered maps,
// arrays lists, numbers Long (or Double), and the rest String, Boolean, null.
package tenantry.test

class JsonError(message: String) : Exception(message)

class Json private constructor(private val text: String) {
    private var at = 0

    companion object {
        fun parse(text: String): Any? {
            val reader = Json(text)
            val value = reader.value()
            reader.space()
            if (reader.at != text.length) throw reader.error("trailing characters")
            return value
        }
    }

    private fun error(what: String) = JsonError("$what at character $at")

    private fun space() {
        while (at < text.length && text[at].isWhitespace()) at++
    }

    private fun value(): Any? {
        space()
        if (at >= text.length) throw error("unexpected end")
        return when (val c = text[at]) {
            '{' -> obj()
            '[' -> array()
            '"' -> string()
            't' -> literal("true", true)
            'f' -> literal("false", false)
            'n' -> literal("null", null)
            else -> if (c == '-' || c.isDigit()) number() else throw error("unexpected '$c'")
        }
    }

    private fun literal(word: String, value: Any?): Any? {
        if (!text.startsWith(word, at)) throw error("expected $word")
        at += word.length
        return value
    }

    private fun obj(): Map<String, Any?> {
        val out = LinkedHashMap<String, Any?>()
        at++
        space()
        if (text.getOrNull(at) == '}') { at++; return out }
        while (true) {
            space()
            if (text.getOrNull(at) != '"') throw error("expected a key")
            val key = string()
            space()
            if (text.getOrNull(at) != ':') throw error("expected ':'")
            at++
            out[key] = value()
            space()
            when (text.getOrNull(at)) {
                ',' -> at++
                '}' -> { at++; return out }
                else -> throw error("expected ',' or '}'")
            }
        }
    }

    private fun array(): List<Any?> {
        val out = ArrayList<Any?>()
        at++
        space()
        if (text.getOrNull(at) == ']') { at++; return out }
        while (true) {
            out.add(value())
            space()
            when (text.getOrNull(at)) {
                ',' -> at++
                ']' -> { at++; return out }
                else -> throw error("expected ',' or ']'")
            }
        }
    }

    private fun string(): String {
        val out = StringBuilder()
        at++
        while (true) {
            if (at >= text.length) throw error("unterminated string")
            when (val c = text[at++]) {
                '"' -> return out.toString()
                '\\' -> {
                    when (val e = text.getOrNull(at++)) {
                        '"', '\\', '/' -> out.append(e)
                        'b' -> out.append('\b')
                        'f' -> out.append('\u000C')
                        'n' -> out.append('\n')
                        'r' -> out.append('\r')
                        't' -> out.append('\t')
                        'u' -> {
                            if (at + 4 > text.length) throw error("short \\u escape")
                            out.append(text.substring(at, at + 4).toInt(16).toChar())
                            at += 4
                        }
                        else -> throw error("bad escape")
                    }
                }
                else -> out.append(c)
            }
        }
    }

    private fun number(): Any {
        val start = at
        while (at < text.length && (text[at].isDigit() || text[at] in "+-.eE")) at++
        val raw = text.substring(start, at)
        return raw.toLongOrNull() ?: raw.toDoubleOrNull() ?: throw error("bad number '$raw'")
    }
}

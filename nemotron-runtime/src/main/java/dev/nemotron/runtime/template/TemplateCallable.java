package dev.nemotron.runtime.template;

import java.util.List;
import java.util.Map;

/** Something a template can call: a macro, a global function, a bound method of a value, a loop helper. */
interface TemplateCallable {

    Object call(Interpreter interpreter, List<Object> args, Map<String, Object> kwargs);
}

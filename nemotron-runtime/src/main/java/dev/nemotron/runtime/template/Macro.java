package dev.nemotron.runtime.template;

import java.util.List;
import java.util.Map;

import dev.nemotron.runtime.template.Node.Signature;
import dev.nemotron.runtime.template.Node.Stmt;

/** A macro, or the anonymous body of a call block (its {@code caller}), with the scope it was defined in. */
record Macro(Signature signature, List<Stmt> body, Scope closure) implements TemplateCallable {

    @Override
    public Object call(Interpreter interpreter, List<Object> args, Map<String, Object> kwargs) {
        return interpreter.callMacro(this, args, kwargs);
    }

    @Override
    public String toString() {
        return "<Macro " + (signature.name() == null ? "anonymous" : Py.repr(signature.name())) + ">";
    }
}

package dev.nemotron.runtime.template;

import java.util.List;
import java.util.Map;

/** A method of a value looked up as an attribute ({@code s.split}), to be called. */
record BoundMethod(Object receiver, String name) implements TemplateCallable {

    @Override
    public Object call(Interpreter interpreter, List<Object> args, Map<String, Object> kwargs) {
        return Methods.call(interpreter, receiver, name, args, kwargs);
    }

    @Override
    public String toString() {
        return "<built-in method " + name + " of " + Py.typeName(receiver) + " object>";
    }
}

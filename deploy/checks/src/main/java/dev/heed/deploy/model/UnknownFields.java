package dev.heed.deploy.model;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * fabric8 and Strimzi model classes do not reject an unknown field: they keep it in an
 * {@code additionalProperties} map (and Jackson's FAIL_ON_UNKNOWN_PROPERTIES never sees it). This
 * walks the deserialized object graph and reports every such map that is not empty, with its path.
 * For kafka.strimzi.io/v1 it also reports properties set that are deprecated in v1beta2: Strimzi's
 * v1 API removed all of them, and the 0.51 model still carries them.
 */
final class UnknownFields {

    private static final Set<String> NOT_MODEL_GETTERS = Set.of("getClass", "getAdditionalProperties",
            "getPlural", "getSingular", "getCRDName", "getScope", "getGroup", "getVersion", "getKind",
            "getApiVersion", "getServed", "getStorage", "getDeprecated", "getDeprecationWarning");

    private final boolean strimziV1;
    private final List<String> violations = new ArrayList<>();
    private final Map<Object, Boolean> visited = new IdentityHashMap<>();

    private UnknownFields(boolean strimziV1) {
        this.strimziV1 = strimziV1;
    }

    static List<String> in(Object model, boolean strimziV1) {
        UnknownFields walk = new UnknownFields(strimziV1);
        walk.visit(model, "");
        return walk.violations;
    }

    private void visit(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || visited.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                visit(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> visit(item, join(path, String.valueOf(key))));
            return;
        }
        String packageName = value.getClass().getPackageName();
        if (!packageName.startsWith("io.fabric8.") && !packageName.startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())) {
                continue;
            }
            String name = getter.getName();
            if (name.equals("getAdditionalProperties")) {
                Object extra = invoke(getter, value);
                if (extra instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    violations.add((path.isEmpty() ? "(top level)" : path) + ": unknown field(s) "
                            + new TreeSet<>(unknown.keySet().stream().map(String::valueOf).toList()));
                }
                continue;
            }
            if (!name.startsWith("get") || name.length() < 4 || NOT_MODEL_GETTERS.contains(name)) {
                continue;
            }
            Object property = invoke(getter, value);
            String propertyPath = join(path, Character.toLowerCase(name.charAt(3)) + name.substring(4));
            if (strimziV1 && packageName.startsWith("io.strimzi.") && getter.isAnnotationPresent(Deprecated.class)
                    && !getter.getReturnType().isPrimitive() && isSet(property)) {
                violations.add(propertyPath + ": deprecated in kafka.strimzi.io/v1beta2 and removed in v1");
            }
            visit(property, propertyPath);
        }
    }

    private static boolean isSet(Object property) {
        if (property instanceof Collection<?> collection) {
            return !collection.isEmpty();
        }
        if (property instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        return property != null;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static String join(String path, String segment) {
        return path.isEmpty() ? segment : path + "." + segment;
    }
}

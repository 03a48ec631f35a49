package com.nexefii.gateway.runtime.provisioning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order in which to install the packages of a provisioning folder: a package whose bundles export
 * what another package's bundles import goes first (the core before the lock adapters), otherwise by
 * name. Only the newest file of each package counts. A dependency cycle cannot be ordered; its
 * packages then go by name and the health gate judges the result.
 */
final class InstallOrder {

    private InstallOrder() {
    }

    static List<FolderPackage> of(Collection<FolderPackage> files) {
        Map<String, FolderPackage> newest = new TreeMap<>();
        for (FolderPackage file : files) {
            newest.merge(file.name(), file, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
        }
        List<FolderPackage> remaining = new ArrayList<>(newest.values());
        List<FolderPackage> ordered = new ArrayList<>();
        while (!remaining.isEmpty()) {
            FolderPackage next = remaining.stream()
                    .filter(candidate -> remaining.stream().noneMatch(other -> other != candidate && provides(other, candidate)))
                    .min(Comparator.comparing(FolderPackage::name))
                    .orElse(remaining.get(0)); // a cycle
            ordered.add(next);
            remaining.remove(next);
        }
        return ordered;
    }

    private static boolean provides(FolderPackage provider, FolderPackage consumer) {
        return consumer.imports().stream().anyMatch(provider.exports()::contains);
    }

    /** For log lines: {@code name version} in order. */
    static String describe(List<FolderPackage> ordered) {
        Map<String, String> names = new LinkedHashMap<>();
        ordered.forEach(p -> names.put(p.name(), p.version().toString()));
        return names.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList().toString();
    }
}

/** Kinds whose lines the engine indexes as log lines (ARTIFACT_KINDS' first group). */
export const LOG_KINDS = new Set(['journal', 'journal-json', 'klog', 'cri-log', 'docker-json-log', 'dmesg', 'syslog', 'log', 'collector-log']);

/*
 * ttt4j: finding a library that libtorch has already loaded into this process (its MKL in
 * libtorch_cpu.so, its OpenMP runtime libgomp-<hash>.so), by its path in /proc/self/maps.
 * Shared by the native helpers (header only: each library keeps its own static copy).
 */
#ifndef TTT4J_MAPPED_LIBRARY_H
#define TTT4J_MAPPED_LIBRARY_H

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/*
 * A handle on the first library mapped in this process whose path contains `needle`, opened
 * without loading anything (RTLD_NOLOAD), or 0. Its path goes to `path` (size n; "" if none).
 */
static void* mapped_library(const char* needle, char* path, size_t n) {
  path[0] = 0;
  FILE* maps = fopen("/proc/self/maps", "r");
  if (!maps) return 0;
  char line[4096];
  while (fgets(line, sizeof line, maps)) {
    char* p = strchr(line, '/');
    if (!p) continue;
    p[strcspn(p, "\n")] = 0;
    if (strstr(p, needle)) {
      snprintf(path, n, "%s", p);
      break;
    }
  }
  fclose(maps);
  return path[0] ? dlopen(path, RTLD_LAZY | RTLD_NOLOAD) : 0;
}

#endif

/*
 * What native/gdStep.c and native/lossGradient.c share around their kernels: the CPU variant
 * (chosen at load, or asked for by name per call), the error macros, 64-byte aligned buffers and
 * the variant()/supported() functions of their JS API. No arithmetic lives here.
 * Before including, define NATIVE_ADDON_NAME (a string used in error messages).
 * The addon's instance data must begin with a Variant (the best this CPU runs): variant() and
 * supported() read it through a Variant pointer, which C allows for a struct's first member.
 */
#ifndef SHALLOWCHECK_NAPI_VARIANT_H
#define SHALLOWCHECK_NAPI_VARIANT_H

#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define X86 1
#endif

typedef enum { GENERIC = 0, AVX2 = 1, AVX512 = 2 } Variant;
static const char *const VARIANT_NAMES[] = {"generic", "avx2", "avx512"};

#define THROW(env, msg) do { napi_throw_error((env), NULL, (msg)); return NULL; } while (0)
#define CHECK(env, call) do { if ((call) != napi_ok) THROW(env, "shallowcheck " NATIVE_ADDON_NAME ": N-API call failed"); } while (0)

static Variant detectVariant(void) {
#ifdef X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return AVX2;
#endif
  return GENERIC;
}

/* The optional variant argument (a name; absent or not a string: `best`). 0 if the CPU does not run it. */
static int variantArg(napi_env env, Variant best, napi_value value, Variant *variant) {
  *variant = best;
  napi_valuetype kind;
  if (value == NULL || napi_typeof(env, value, &kind) != napi_ok || kind != napi_string) return 1;
  char name[16] = {0};
  size_t length;
  if (napi_get_value_string_utf8(env, value, name, sizeof name, &length) != napi_ok) return 0;
  for (int v = 0; v <= (int)best; v++)
    if (strcmp(name, VARIANT_NAMES[v]) == 0) {
      *variant = (Variant)v;
      return 1;
    }
  return 0;
}

/* Zeroed, 64-byte aligned (at least one cache line, so a 0-byte request is a valid buffer). */
static void *alloc64(size_t bytes) {
  size_t rounded = (bytes + 63) / 64 * 64;
  void *ptr = aligned_alloc(64, rounded == 0 ? 64 : rounded);
  if (ptr) memset(ptr, 0, rounded == 0 ? 64 : rounded);
  return ptr;
}

/* variant() → the best variant this CPU runs. */
static napi_value Variant_(napi_env env, napi_callback_info info) {
  Variant *best;
  CHECK(env, napi_get_cb_info(env, info, NULL, NULL, NULL, (void **)&best));
  napi_value result;
  CHECK(env, napi_create_string_utf8(env, VARIANT_NAMES[*best], NAPI_AUTO_LENGTH, &result));
  return result;
}

/* supported() → the variants this CPU runs, best first. */
static napi_value Supported(napi_env env, napi_callback_info info) {
  Variant *best;
  CHECK(env, napi_get_cb_info(env, info, NULL, NULL, NULL, (void **)&best));
  napi_value result, name;
  CHECK(env, napi_create_array(env, &result));
  for (int v = (int)*best, slot = 0; v >= 0; v--, slot++) {
    CHECK(env, napi_create_string_utf8(env, VARIANT_NAMES[v], NAPI_AUTO_LENGTH, &name));
    CHECK(env, napi_set_element(env, result, slot, name));
  }
  return result;
}

/* The instance data's finalizer: it was malloc'd whole. */
static void freeInstanceData(napi_env env, void *data, void *hint) {
  (void)env; (void)hint;
  free(data);
}

#endif

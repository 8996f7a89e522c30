/*
 * ttt4j: lets the Intel MKL inside libtorch use its AVX2/FMA kernels on AMD CPUs.
 *
 * MKL chooses GEMM code paths by CPU vendor as well as by CPU features; on a non-Intel CPU it
 * takes slower generic kernels for small and medium matrices. libtorch links MKL statically but
 * exports MKL's vendor test, so a library loaded before libtorch with RTLD_GLOBAL that defines it
 * takes its place. Features are still read from cpuid: MKL never runs an instruction set the CPU
 * lacks. Built by tools/native/build.sh; loaded by org.ttt4j.tensor.MklDispatch.
 */
int mkl_serv_intel_cpu_true(void) {
  return 1;
}

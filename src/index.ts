/**
 * shallowcheck's public API: what `import { … } from "shallowcheck"` gives. Everything else is
 * internal and may change. The surface, by layer:
 *
 * - Fields: one `Field<T>` interface over float64, exact decimals (decimal.js), exact rationals,
 *   float64 with a rigorous running error bound, and outward-rounded intervals; three-valued
 *   decisions over any of them (an interval straddling 0 answers `undefined`).
 * - The network over any field: forward pass, loss, residuals, gradient, Hessian-vector
 *   products, balances a_j² − ‖w_j‖², activation patterns, the PL curvature μ.
 * - Instances and candidates: instance files (read, validate, convert), seeded samplers, and
 *   fast-check arbitraries for every activation and scaling (`fc` is re-exported, so a user's file
 *   uses the same fast-check as shallowcheck).
 * - Dynamics: gradient flow and gradient descent (`integrate`), with checkpoints.
 * - Float precision: `evaluateInPrecision(instance, "float32" | "float64")` on the fast kernels
 *   (what `eval --precision` prints), `float32Field` and `float32GradientFlowSystem` (what
 *   `flow --precision float32` integrates: `integrate(float32GradientFlowSystem(i), initialState(i), …)`).
 * - Properties: `defineProperty` (assumptions, generator, margin and its kind, field-generic
 *   margin, proof steps, known bad cases) and the catalogue contract every entry passes.
 * - Commands as calls: `check`, `checkInstance`, `certify`, `loadCatalogue` — returning the
 *   objects the command line prints.
 */
import fc from "fast-check";

export { fc };

// Fields
export type { Field, Sign } from "./field/field.js";
export { dot, squaredNorm, sum } from "./field/field.js";
export { float64Field } from "./field/float64.js";
export { decimalField, DEFAULT_DIGITS, type DecimalField, type DecimalFieldOptions } from "./field/decimal.js";
export { rationalField, type Rational } from "./field/rational.js";
export { errorBoundField, errorBound, exactValue, type ErrorBounded } from "./field/errorBound.js";
export { intervalField, type Interval, type IntervalField, type IntervalFieldOptions } from "./field/interval.js";
export { all, any, atMost, bySign, hull, isZero, nonNegative, positive, withSignOf } from "./field/decide.js";

// The network over any field
export type { Instance, ModelSpec, Scaling, ParameterVector } from "./model/instance.js";
export { ACTIVATION_NAMES, type ActivationName, type ActivationSpec } from "./model/activation.js";
export { activationPattern, balance, evaluate as evaluateNetwork, forward, gradient, hessianVectorProduct, loss, lossFromResiduals, parameterSquaredNorm, plCurvature } from "./model/network.js";
export { packParameters, unpackParameters, withParameters } from "./model/parameters.js";

// Instances, samplers and arbitraries
export type { InstanceFile, NumberLike } from "./io/instanceSchema.js";
export { instanceOverField, instanceToFile, readInstanceFile, writeInstanceFile } from "./io/instanceFile.js";
export { InputError } from "./io/inputError.js";
export { sampleInstance, type SampleOptions } from "./random/sampleInstance.js";
export { instanceArbitrary, type InstanceConstraints } from "./random/arbitraries.js";
export { candidateArbitrary, type CandidateConstraints } from "./check/candidates.js";

// Dynamics
export { integrate, type Checkpoint, type IntegrateOptions, type Method, type Trajectory } from "./dynamics/integrate.js";
export { gradientFlowSystem, initialState, type FlowSystem } from "./dynamics/flowSystem.js";

// Float precision of the fast path
export { evaluateInPrecision, PRECISIONS, type Precision } from "./fast/float32Evaluate.js";
export { float32Field } from "./fast/float32Field.js";
export { float32GradientFlowSystem } from "./dynamics/float32FlowSystem.js";

// Properties
export type {
  Assumption,
  Candidate,
  Evaluation,
  EvaluationContext,
  KnownBadCase,
  MarginKind,
  MarginSpec,
  Mode,
  PaperReference,
  Property,
  Refutation,
  Settings,
  StepMargin,
} from "./check/property.js";
export { MARGIN_KINDS } from "./check/property.js";
export { defineProperty, citationOf, type PropertyDefinition } from "./check/define.js";
export { exactMargin } from "./check/margin.js";
export { readCandidateFile, writeCandidateFile } from "./check/candidateFile.js";
export { runProperty, EFFECTIVE_FLOOR, type PropertyResult, type RunOptions, type Status } from "./check/runner.js";
export { catalogueContract, type ContractOptions, type ContractReport } from "./api/contract.js";

// Commands as calls
export { check, randomSeed, type CheckEntry, type CheckOptions, type CheckReport } from "./api/check.js";
export { checkInstance, type InstanceCheck, type InstanceResult, type InstanceVerdict } from "./api/checkInstance.js";
export { certify, type Certificate, type CertifyOptions, type Verdict } from "./certify/certify.js";
export { BUILT_IN as builtInCatalogue, loadCatalogue, loadPropertyModule, selectProperties, type CatalogueOptions, type LoadedCatalogue } from "./catalogue/catalogue.js";
export { huntAndStore, type HuntAndStoreOptions, type HuntAndStoreResult } from "./api/huntAndStore.js";
export { replay, type ReplayReport } from "./api/replay.js";
export { certifyRatio, tighten, TIGHTEN_SHRINK_TOLERANCE, type RatioCertificate, type TightenOptions, type TightenResult } from "./api/tighten.js";

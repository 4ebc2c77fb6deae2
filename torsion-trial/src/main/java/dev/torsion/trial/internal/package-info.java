/**
 * trial's machinery: the per-test reactor session behind {@link dev.torsion.trial.TrialExtension}.
 * Not for use outside torsion-trial.
 */
package dev.torsion.trial.internal;

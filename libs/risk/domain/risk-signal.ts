export { RISK_SIGNALS, type RiskSignal, type RiskSignalKind } from '@ledger/contracts';

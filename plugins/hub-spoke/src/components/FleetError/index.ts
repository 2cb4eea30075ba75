export {
  FleetErrorPanel,
  isForbidden,
  backendMessage,
} from './FleetErrorPanel';

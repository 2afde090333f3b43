/** Metadata key under which @RpcHandler stores the handler's routing key. */
export const RPC_ROUTING_KEY = 'dirsync:rpc-routing-key';

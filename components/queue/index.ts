export { WaitingRoom, type WaitingRoomProps } from "@/components/queue/waiting-room";
export { QueueGate, type QueueGateProps } from "@/components/queue/queue-gate";

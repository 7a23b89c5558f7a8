using System;
using System.Collections;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Nrf24
{
    /// <summary>
    /// Sees every packet on the simulated air; returns false to destroy it (an attacker, a fault), and may change
    /// its bytes. Tests use it to replay, forge and reorder.
    /// </summary>
    public delegate bool AirPacketFilter(AirPacket packet);

    /// <summary>
    /// The 2.4 GHz air shared by every <see cref="Nrf24Model"/>: delivers a packet to the models in RX mode on the
    /// same channel, data rate and address, with seeded random loss, and decides per link whether the received
    /// power is above the RPD threshold (-64 dBm, Product Specification v1.0, 6.4).
    /// </summary>
    /// <remarks>
    /// Distance is coarse on purpose: a node is "near" (path loss <see cref="NearPathLossDb"/>) or "far"
    /// (<see cref="FarPathLossDb"/>). With the defaults, a near transmitter at the lowest PA level (-18 dBm) arrives
    /// at -58 dBm (RPD set) and a far one at -78 dBm (RPD clear); a far transmitter at 0 dBm arrives at -60 dBm
    /// and sets RPD, which is why the proximity gate needs the lowest PA level.
    /// </remarks>
    public sealed class AirMedium
    {
        /// <summary>RPD threshold (6.4).</summary>
        public const int RpdThresholdDbm = -64;

        private readonly ArrayList nodes = new ArrayList();
        private readonly ArrayList receivers = new ArrayList();
        private uint randomState;

        /// <summary>Creates an empty medium whose losses follow <paramref name="seed"/>.</summary>
        public AirMedium(CostLedger ledger, uint seed)
        {
            Ledger = ledger;
            randomState = seed == 0 ? 0x9E3779B9u : seed;
        }

        /// <summary>Where air time is charged (every packet and every ack, once).</summary>
        public CostLedger Ledger { get; private set; }

        /// <summary>Chance, in percent, that any packet or ack is lost.</summary>
        public int LossPercent { get; set; }

        /// <summary>Path loss between two near nodes (dB).</summary>
        public int NearPathLossDb { get; set; } = 40;

        /// <summary>Path loss when either node is far (dB).</summary>
        public int FarPathLossDb { get; set; } = 60;

        /// <summary>Optional tap on every packet and ack (see <see cref="AirPacketFilter"/>).</summary>
        public AirPacketFilter Filter { get; set; }

        /// <summary>Packets and acks put on air so far.</summary>
        public int PacketsSent { get; private set; }

        /// <summary>Packets and acks destroyed by the random loss.</summary>
        public int PacketsLost { get; private set; }

        /// <summary>Adds a model to the air.</summary>
        public void Attach(Nrf24Model model)
        {
            if (!nodes.Contains(model))
            {
                nodes.Add(model);
            }
        }

        /// <summary>Removes a model (it left, or was switched off).</summary>
        public void Detach(Nrf24Model model)
        {
            nodes.Remove(model);
        }

        /// <summary>Received power at <paramref name="receiver"/> of a packet (dBm).</summary>
        public int ReceivedPowerDbm(AirPacket packet, Nrf24Model receiver)
        {
            bool near = packet.Sender.Near && receiver.Near;
            return packet.PowerDbm - (near ? NearPathLossDb : FarPathLossDb);
        }

        /// <summary>
        /// Called by a transmitter when its packet ends on air: delivers it and returns the single ack that comes
        /// back, or null (no receiver, lost, or two acks colliding).
        /// </summary>
        internal AirPacket Transmit(AirPacket packet, long nowMicroseconds)
        {
            PacketsSent++;
            Ledger.AirMicroseconds += packet.AirTime;
            if (Lost() || !Pass(packet))
            {
                return null;
            }

            receivers.Clear();
            for (int i = 0; i < nodes.Count; i++)
            {
                Nrf24Model node = (Nrf24Model)nodes[i];
                if (node != packet.Sender && node.IsListening(packet, nowMicroseconds))
                {
                    receivers.Add(node);
                }
            }

            AirPacket ack = null;
            int acks = 0;
            for (int i = 0; i < receivers.Count; i++)
            {
                Nrf24Model node = (Nrf24Model)receivers[i];
                AirPacket reply = node.Receive(packet, ReceivedPowerDbm(packet, node) > RpdThresholdDbm, nowMicroseconds);
                if (reply != null)
                {
                    acks++;
                    ack = reply;
                }
            }

            if (acks == 0)
            {
                return null;
            }

            // Each ack goes on air; two at once destroy each other at the transmitter.
            for (int i = 0; i < acks; i++)
            {
                PacketsSent++;
                Ledger.AirMicroseconds += ack.AirTime;
            }

            if (acks > 1 || Lost() || !Pass(ack))
            {
                return null;
            }

            return ack;
        }

        private bool Pass(AirPacket packet)
        {
            AirPacketFilter filter = Filter;
            return filter == null || filter(packet);
        }

        private bool Lost()
        {
            if (LossPercent <= 0)
            {
                return false;
            }

            // xorshift32 (Marsaglia 2003): deterministic on both runtimes.
            randomState ^= randomState << 13;
            randomState ^= randomState >> 17;
            randomState ^= randomState << 5;
            bool lost = (randomState % 100) < (uint)LossPercent;
            if (lost)
            {
                PacketsLost++;
            }

            return lost;
        }
    }
}

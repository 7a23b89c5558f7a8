using System;
using DualReader.Firmware.Nrf24;

namespace DualReader.Firmware.RfSim
{
    /// <summary>Constants of the DualReader RF-SIM link, version 2 (firmware/RfSim/PROTOCOL.md).</summary>
    public static class RfSimProtocol
    {
        /// <summary>
        /// Protocol version carried in BEACON and ATTACH. Version 2 added the beacon id to ATTACH (PROTOCOL.md 3.2, versions): a
        /// peer answers only beacons of its own version, so a version 1 end sees no peer rather than a security error.
        /// </summary>
        public const byte Version = 0x02;

        /// <summary>RF channel: 2480 MHz, inside the 2.4 GHz ISM band, above Wi-Fi channels 1-11 (PROTOCOL.md 2).</summary>
        public const int Channel = 80;

        /// <summary>Auto retransmit delay: 500 µs carries any ack payload at 2 Mbit/s (nRF24L01+ PS 7.4.2).</summary>
        public const int RetransmitDelayMicroseconds = 500;

        /// <summary>ESB retransmissions per packet.</summary>
        public const int RetransmitCount = 3;

        /// <summary>Beacon type (reader to everyone, no ack).</summary>
        public const byte TypeBeacon = 0x10;
        /// <summary>Slot poll (reader to a slot address); its ack carries ATTACH.</summary>
        public const byte TypeSlotPoll = 0x20;
        /// <summary>Command fragment (reader).</summary>
        public const byte TypeCommand = 0x30;
        /// <summary>Response pull (reader).</summary>
        public const byte TypePull = 0x40;
        /// <summary>End of session (reader).</summary>
        public const byte TypeEnd = 0x50;
        /// <summary>Attach (peer, in the ack of a slot poll).</summary>
        public const byte TypeAttach = 0x80;
        /// <summary>Response fragment (peer).</summary>
        public const byte TypeResponse = 0x90;
        /// <summary>Waiting-time extension (peer).</summary>
        public const byte TypeWait = 0xA0;
        /// <summary>Command fragment acknowledgment; a lower index than sent is a NAK (peer).</summary>
        public const byte TypeCommandAck = 0xB0;
        /// <summary>Error (peer).</summary>
        public const byte TypeError = 0xD0;

        /// <summary>Flag: more fragments follow (CMD, RESP).</summary>
        public const byte FlagMore = 0x01;
        /// <summary>Flag: the peer saw RPD set on the reader frame it answers.</summary>
        public const byte FlagNear = 0x08;

        /// <summary>Error code: a reader frame failed its MAC or counter check.</summary>
        public const byte ErrorSecurity = 0x01;
        /// <summary>Error code: protocol violation.</summary>
        public const byte ErrorProtocol = 0x02;
        /// <summary>Error code: command longer than the peer accepts.</summary>
        public const byte ErrorCommandTooLong = 0x03;

        /// <summary>Header of reader data frames: type, counter (2).</summary>
        public const int ReaderHeader = 3;
        /// <summary>Header of peer data frames: type, counter (2).</summary>
        public const int PeerHeader = 3;
        /// <summary>Command data bytes per CMD frame: 32 - 3 header - 2 (exchange, index) - 8 MAC.</summary>
        public const int CommandFragment = 19;
        /// <summary>Response data bytes per RESP frame: 32 - 3 - 2 - 8.</summary>
        public const int ResponseFragment = 19;
        /// <summary>Largest command APDU (short APDU with Le: 5 + 255 + 1, ISO/IEC 7816-4 5.1).</summary>
        public const int MaximumCommand = 261;
        /// <summary>Largest response (data + SW1 SW2) a peer may send: 54 fragments.</summary>
        public const int MaximumResponse = 1024;
        /// <summary>Counter value at which a session must end (counters never wrap).</summary>
        public const int CounterLimit = 0xFFF0;

        /// <summary>Largest slot count a BEACON may announce (PROTOCOL.md 3.1: 1..4, one slot address each).</summary>
        public const int MaximumSlots = 4;

        /// <summary>Beacon length.</summary>
        public const int BeaconLength = 16;
        /// <summary>Slot poll length.</summary>
        public const int SlotPollLength = 6;
        /// <summary>Attach length: type, ver, slot, peer id (4), Np (8), turnaround, beacon id (4), tag (8).</summary>
        public const int AttachLength = 28;

        /// <summary>
        /// Bytes of the reader nonce Nr an ATTACH echoes as the id of the BEACON it answers (Nr bytes 0..3, PROTOCOL.md 5):
        /// lets the reader tell a stale answer to an earlier BEACON from a tag that fails for the current one.
        /// </summary>
        public const int BeaconIdLength = 4;

        /// <summary>Offset of the beacon id in ATTACH.</summary>
        public const int AttachBeaconIdOffset = 16;

        /// <summary>Offset of the tag in ATTACH; the tag covers every byte before it, the beacon id included.</summary>
        public const int AttachTagOffset = 20;

        /// <summary>Offset of the reader nonce Nr in BEACON.</summary>
        public const int BeaconNonceOffset = 6;

        /// <summary>Idle limit of a session: no valid frame for this long ends it (both ends).</summary>
        public const int IdleLimitMicroseconds = 500000;
        /// <summary>Total limit of a session.</summary>
        public const int SessionLimitMicroseconds = 5000000;

        /// <summary>
        /// The discovery address (LSB first as written to TX_ADDR / RX_ADDR_P0); bytes chosen with several level
        /// changes and no 0x55/0xAA run that looks like the preamble (PS 7.3.2).
        /// </summary>
        public static void WriteDiscoveryAddress(byte[] address, int offset)
        {
            address[offset] = 0xC3;
            address[offset + 1] = 0x6B;
            address[offset + 2] = 0x2D;
            address[offset + 3] = 0x94;
            address[offset + 4] = 0xE5;
        }

        /// <summary>Address of slot <paramref name="slot"/> (0..3), which becomes the session address.</summary>
        public static void WriteSlotAddress(int slot, byte[] address, int offset)
        {
            WriteDiscoveryAddress(address, offset);
            address[offset] = (byte)(0xD1 + slot);
        }

        /// <summary>The radio settings both ends use (PROTOCOL.md 2); the reader transmits at the lowest PA level.</summary>
        public static Nrf24Settings RadioSettings()
        {
            Nrf24Settings settings = new Nrf24Settings();
            settings.Channel = Channel;
            settings.DataRate = Nrf24DataRate.Rate2Mbps;
            settings.PowerLevel = Nrf24PowerLevel.Minimum;
            settings.AddressWidth = 5;
            settings.CrcLength = 2;
            settings.RetransmitDelayMicroseconds = RetransmitDelayMicroseconds;
            settings.RetransmitCount = RetransmitCount;
            settings.AutoAck = true;
            settings.DynamicPayloads = true;
            settings.AckPayloads = true;
            settings.DynamicAck = true;
            return settings;
        }

        /// <summary>Little-endian 16-bit read.</summary>
        public static int ReadUInt16(byte[] data, int offset)
        {
            return data[offset] | (data[offset + 1] << 8);
        }

        /// <summary>Little-endian 16-bit write.</summary>
        public static void WriteUInt16(int value, byte[] data, int offset)
        {
            data[offset] = (byte)value;
            data[offset + 1] = (byte)(value >> 8);
        }
    }
}

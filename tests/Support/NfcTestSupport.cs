using System;
using System.Collections;
using DualReader.Firmware.Iso14443;
using DualReader.Hal;
using DualReader.Sim.Nfc;
using DualReader.Sim.Timing;

namespace DualReader.Tests.Support
{
    /// <summary>Shared pieces of the NFC tests: hex helpers, an SPI recorder and a counting transceiver.</summary>
    public static class NfcTestSupport
    {
        /// <summary>A board with the driver initialised and the antenna on.</summary>
        public static SimulatedNfcBoard StartedBoard()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Driver.Initialize();
            board.Driver.TurnAntennaOn();
            return board;
        }

        /// <summary>Parses "08 34 B9" or "0834B9".</summary>
        public static byte[] Bytes(string hex)
        {
            string clean = string.Empty;
            for (int i = 0; i < hex.Length; i++)
            {
                if (hex[i] != ' ')
                {
                    clean += hex[i].ToString();
                }
            }

            byte[] result = new byte[clean.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (byte)((Nibble(clean[2 * i]) << 4) | Nibble(clean[(2 * i) + 1]));
            }

            return result;
        }

        /// <summary>Lower-case hex with spaces, as the reference traces print bytes.</summary>
        public static string Hex(byte[] bytes, int offset, int count)
        {
            string text = string.Empty;
            for (int i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    text += " ";
                }

                text += bytes[offset + i].ToString("x2");
            }

            return text;
        }

        /// <summary>The UID of an identity as lower-case spaced hex.</summary>
        public static string UidText(PiccIdentity identity)
        {
            return Hex(identity.Uid, 0, identity.UidLength);
        }

        /// <summary>The recorded air frames as "PCD 93 20" / "PICC a1 a2 ..." lines joined by '|'.</summary>
        public static string TraceText(ArrayList trace)
        {
            string text = string.Empty;
            for (int i = 0; i < trace.Count; i++)
            {
                if (i > 0)
                {
                    text += "|";
                }

                AirTraceEntry entry = (AirTraceEntry)trace[i];
                text += (entry.FromReader ? "PCD " : "PICC ") + entry.Text;
            }

            return text;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            throw new ArgumentException("not hex", "c");
        }
    }

    /// <summary>An <see cref="ISpiDevice"/> that records every call's MOSI and MISO bytes as hex lines.</summary>
    public sealed class RecordingSpi : ISpiDevice
    {
        private readonly ISpiDevice inner;
        private readonly ArrayList mosiLines = new ArrayList();
        private readonly ArrayList misoLines = new ArrayList();
        private readonly byte[] discard = new byte[128];

        public RecordingSpi(ISpiDevice inner)
        {
            this.inner = inner;
        }

        public ArrayList Mosi
        {
            get { return mosiLines; }
        }

        public ArrayList Miso
        {
            get { return misoLines; }
        }

        public void Clear()
        {
            mosiLines.Clear();
            misoLines.Clear();
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            inner.TransferFullDuplex(buffer, offset, discard, 0, count);
            mosiLines.Add(NfcTestSupport.Hex(buffer, offset, count));
            misoLines.Add(NfcTestSupport.Hex(discard, 0, count));
        }

        public void TransferFullDuplex(byte[] writeBuffer, int writeOffset, byte[] readBuffer, int readOffset, int count)
        {
            inner.TransferFullDuplex(writeBuffer, writeOffset, readBuffer, readOffset, count);
            mosiLines.Add(NfcTestSupport.Hex(writeBuffer, writeOffset, count));
            misoLines.Add(NfcTestSupport.Hex(readBuffer, readOffset, count));
        }
    }

    /// <summary>Called after each bit-frame exchange of a <see cref="CountingTransceiver"/>.</summary>
    public delegate void ExchangeObserver(int exchangeIndex);

    /// <summary>
    /// Passes the activation's frames to the driver and records the SPI calls each one cost (from the ledger).
    /// </summary>
    public sealed class CountingTransceiver : IBitFrameTransceiver
    {
        private readonly IBitFrameTransceiver inner;
        private readonly CostLedger ledger;
        private readonly ArrayList costs = new ArrayList();
        private readonly ArrayList firstBytes = new ArrayList();

        public CountingTransceiver(IBitFrameTransceiver inner, CostLedger ledger)
        {
            this.inner = inner;
            this.ledger = ledger;
        }

        /// <summary>SPI calls per exchange (long), in order.</summary>
        public ArrayList Costs
        {
            get { return costs; }
        }

        /// <summary>"93 20" style text of the first two bytes sent, per exchange.</summary>
        public ArrayList Frames
        {
            get { return firstBytes; }
        }

        public ExchangeObserver AfterExchange { get; set; }

        public TransceiveResult TransceiveBits(byte[] txBuffer, int txOffset, int txBitCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int rxAlign, int expectedRxBytes, int timeoutMicroseconds, out int receivedBitCount, out int collisionBitIndex)
        {
            long before = ledger.SpiTransfers;
            TransceiveResult result = inner.TransceiveBits(txBuffer, txOffset, txBitCount, rxBuffer, rxOffset, rxCapacity, rxAlign, expectedRxBytes, timeoutMicroseconds, out receivedBitCount, out collisionBitIndex);
            costs.Add(ledger.SpiTransfers - before);
            firstBytes.Add(NfcTestSupport.Hex(txBuffer, txOffset, txBitCount >= 16 ? 2 : 1));
            ExchangeObserver observer = AfterExchange;
            if (observer != null)
            {
                observer(costs.Count - 1);
            }

            return result;
        }
    }
}

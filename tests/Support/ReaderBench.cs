using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;

namespace DualReader.Tests.Support
{
    /// <summary>Scenario devices and record helpers for the reader application tests.</summary>
    public static class ReaderBench
    {
        public static Scenario Scenario(long durationMilliseconds)
        {
            Scenario scenario = new Scenario();
            scenario.DurationMicroseconds = durationMilliseconds * 1000;
            return scenario;
        }

        public static ScenarioDevice At(ScenarioDevice device, int arriveMilliseconds, int leaveMilliseconds)
        {
            device.ArriveMicroseconds = arriveMilliseconds * 1000L;
            device.LeaveMicroseconds = leaveMilliseconds < 0 ? long.MaxValue : leaveMilliseconds * 1000L;
            return device;
        }

        /// <summary>An RF-SIM peer answering like the UnionPay card (same APDU rules), identity <paramref name="idByte"/>.</summary>
        public static ScenarioDevice RfSimPeer(byte idByte, bool near)
        {
            ScenarioDevice card = SampleCards.UnionPayDualApplication();
            ScenarioDevice device = new ScenarioDevice();
            device.Interface = DeviceInterface.RfSim;
            device.Uid = new byte[] { 0x52, 0x46, 0x53, idByte };
            device.Near = near;
            for (int index = 0; index < card.Apdus.Count; index++)
            {
                device.AddApdu((ApduRule)card.Apdus[index]);
            }

            device.DefaultResponse = card.DefaultResponse;
            return device;
        }

        /// <summary>The records of <paramref name="type"/> the host received, duplicates removed (by sequence).</summary>
        public static ArrayList Records(SimulatedReaderBoard board, MessageType type)
        {
            ArrayList result = new ArrayList();
            Hashtable seen = new Hashtable();
            for (int index = 0; index < board.Host.Records.Count; index++)
            {
                HostLinkMessage message = (HostLinkMessage)board.Host.Records[index];
                if (message.Type == type && !seen.Contains(message.Sequence))
                {
                    seen[message.Sequence] = true;
                    result.Add(message);
                }
            }

            return result;
        }

        /// <summary>Lets the last records reach the host and its acks come back.</summary>
        public static void Drain(SimulatedReaderBoard board)
        {
            board.RunUntil(board.Clock.Now + 200000);
        }

        /// <summary>Writes every record the host received (for failing tests).</summary>
        public static void Dump(SimulatedReaderBoard board)
        {
            for (int index = 0; index < board.Host.Records.Count; index++)
            {
                HostLinkMessage message = (HostLinkMessage)board.Host.Records[index];
                string text = message.Sequence.ToString() + " " + message.Type.ToString();
                if (message is TransactionRecord)
                {
                    TransactionRecord record = (TransactionRecord)message;
                    text += " " + (int)record.Interface + " t=" + record.TimeMicroseconds + " uid=" + Hex(record.Uid) + " " + record.Outcome + " d=" + record.DurationMicroseconds;
                }
                else if (message is ErrorRecord)
                {
                    ErrorRecord error = (ErrorRecord)message;
                    text += " t=" + error.TimeMicroseconds + " " + error.Code + ": " + error.Detail;
                }

                nanoFramework.TestFramework.OutputHelper.WriteLine(text);
            }
        }

        public static string Hex(byte[] bytes)
        {
            return bytes == null ? string.Empty : SampleCards.Hex(bytes);
        }
    }
}

using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Reader;
using DualReader.Sim.Timing;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.HostLink
{
    [TestClass]
    public class HostCommandTests
    {
        [TestMethod]
        public void ReceiverAppliesAcksAndReturnsCommandsInOrder()
        {
            VirtualClock clock = new VirtualClock();
            CapturingSerialPort port = new CapturingSerialPort();
            RecordQueue queue = new RecordQueue(clock, port, 8, RecordQueue.FullSlotLength, 1000);
            HostCommandReceiver receiver = new HostCommandReceiver(port, queue);
            for (int index = 0; index < 4; index++)
            {
                queue.Enqueue(HostLinkSamples.Error("r" + index));
            }

            AcknowledgeMessage ack = new AcknowledgeMessage();
            ack.AcknowledgedSequence = 2;
            PassThroughCommandMessage passThrough = new PassThroughCommandMessage();
            passThrough.Apdu = HostLinkTestData.Hex("00A4040007A0000000031010");
            port.Feed(HostLinkTestData.Encode(ack, 10));
            port.Feed(HostLinkTestData.Hex("12 34 00"));
            port.Feed(HostLinkTestData.Encode(new StatusRequestMessage(), 11));
            port.Feed(HostLinkTestData.Encode(passThrough, 12));

            HostLinkMessage first = receiver.Poll();
            Assert.AreEqual(1, queue.Count);
            Assert.AreEqual(1, receiver.AcknowledgementsReceived);
            Assert.IsTrue(first is StatusRequestMessage);
            Assert.AreEqual(11u, first.Sequence);

            PassThroughCommandMessage second = (PassThroughCommandMessage)receiver.Poll();
            Assert.AreEqual(12u, second.Sequence);
            CollectionAssert.AreEqual(passThrough.Apdu, second.Apdu);
            Assert.IsNull(receiver.Poll());
            Assert.AreEqual(1, receiver.FramesRejected);
            EnumAssert.AreEqual(DecodeStatus.Malformed, receiver.LastError);
        }

        [TestMethod]
        public void ConfigurationAcceptsValidEntriesAndKeepsOldValuesOfRejectedOnes()
        {
            ReaderConfiguration configuration = new ReaderConfiguration();
            ConfigurationMessage message = new ConfigurationMessage();
            message.Sequence = 77;
            message.Add("nfc_poll_ms", "250");
            message.Add("rfsim_poll_ms", "5");
            message.Add("pps_max", "848");
            message.Add("read_depth", "full");
            message.Add("trace", "yes");
            message.Add("pdol.9F66", "32804000");
            message.Add("pdol.9F1A", "08");
            message.Add("pdol.9F1A", "");
            message.Add("pdol.ZZ", "00");
            message.Add("colour", "blue");
            message.Entries.Add("noequals");

            ConfigurationResultRecord result = new ConfigurationResultRecord();
            Assert.IsFalse(configuration.Apply(message, result));

            Assert.IsFalse(result.Accepted);
            Assert.AreEqual(77u, result.HostSequence);
            Assert.AreEqual("nfc_poll_ms=ok", (string)result.Entries[0]);
            Assert.AreEqual("rfsim_poll_ms=error: not a number from 10 to 60000", (string)result.Entries[1]);
            Assert.AreEqual("trace=error: not on or off", (string)result.Entries[4]);
            Assert.AreEqual("pdol.ZZ=error: tag is not 1 or 2 bytes of hex", (string)result.Entries[8]);
            Assert.AreEqual("colour=error: unknown key", (string)result.Entries[9]);
            Assert.AreEqual("noequals=error: expected key=value", (string)result.Entries[10]);

            Assert.AreEqual(250, configuration.NfcPollMilliseconds);
            Assert.AreEqual(100, configuration.RfSimPollMilliseconds);
            EnumAssert.AreEqual(BitRate.Kbps848, configuration.PpsMaximum);
            EnumAssert.AreEqual(ReadDepth.Full, configuration.ReadDepth);
            Assert.IsFalse(configuration.TraceEnabled);
            CollectionAssert.AreEqual(HostLinkTestData.Hex("32804000"), configuration.GetTerminalData(0x9F66));
            Assert.IsNull(configuration.GetTerminalData(0x9F1A));
            Assert.AreEqual("nfc_poll_ms=250 rfsim_poll_ms=100 pps_max=848 read_depth=full trace=off pdol.9F66=32804000", configuration.Summary());

            ConfigurationMessage good = new ConfigurationMessage();
            good.Add("trace", "on");
            Assert.IsTrue(configuration.Apply(good, result));
            Assert.IsTrue(result.Accepted);
            Assert.AreEqual(1, result.Entries.Count);
            Assert.IsTrue(configuration.TraceEnabled);
        }
    }
}

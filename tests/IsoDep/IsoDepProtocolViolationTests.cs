using DualReader.Firmware;
using DualReader.Firmware.IsoDep;
using DualReader.Sim.Nfc;
using DualReader.Sim.Timing;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.IsoDep
{
    [TestClass]
    public class IsoDepProtocolViolationTests
    {
        private static ExchangeResult Run(string[] script, out ScriptedPicc picc, out IsoDepTransport transport)
        {
            VirtualClock clock = new VirtualClock();
            picc = new ScriptedPicc(script);
            DirectFrameLink link = new DirectFrameLink(clock, new CostLedger(), picc);
            transport = new IsoDepTransport(link, clock);
            EnumAssert.AreEqual(ActivationResult.Ok, transport.Activate());
            byte[] command = SampleCards.Hex("00A4040007A0000000031010");
            int count;
            return transport.Exchange(command, 0, command.Length, new byte[4096], 0, 4096, out count);
        }

        [TestMethod]
        public void EndlessEmptyChainedBlocksAreAProtocolError()
        {
            ScriptedPicc picc;
            IsoDepTransport transport;
            EnumAssert.AreEqual(ExchangeResult.ProtocolError, Run(new string[] { "0578807002", "12", "13" }, out picc, out transport));
            Assert.IsTrue(picc.Deselected);
        }

        [TestMethod]
        public void AnInvalidWaitMultiplierIsAProtocolError()
        {
            ScriptedPicc picc;
            IsoDepTransport transport;
            EnumAssert.AreEqual(ExchangeResult.ProtocolError, Run(new string[] { "0578807002", "F200" }, out picc, out transport));
            EnumAssert.AreEqual(ExchangeResult.ProtocolError, Run(new string[] { "0578807002", "F23C" }, out picc, out transport));
        }

        [TestMethod]
        public void AWrongBlockNumberIsAProtocolError()
        {
            ScriptedPicc picc;
            IsoDepTransport transport;
            EnumAssert.AreEqual(ExchangeResult.ProtocolError, Run(new string[] { "0578807002", "039000" }, out picc, out transport));
        }

        [TestMethod]
        public void ANakFromTheCardIsAProtocolError()
        {
            ScriptedPicc picc;
            IsoDepTransport transport;
            EnumAssert.AreEqual(ExchangeResult.ProtocolError, Run(new string[] { "0578807002", "B2" }, out picc, out transport));
        }

        [TestMethod]
        public void AnAckForAnUnchainedBlockIsAProtocolError()
        {
            ScriptedPicc picc;
            IsoDepTransport transport;
            EnumAssert.AreEqual(ExchangeResult.ProtocolError, Run(new string[] { "0578807002", "A2" }, out picc, out transport));
        }

        [TestMethod]
        public void GarbageIsRepairedThenGivenUp()
        {
            ScriptedPicc picc;
            IsoDepTransport transport;
            // An unknown PCB (neither I, R nor S) is an invalid block: two R(NAK), then S(DESELECT).
            EnumAssert.AreEqual(ExchangeResult.TransmissionError, Run(new string[] { "0578807002", "4F" }, out picc, out transport));
            Assert.IsFalse(transport.IsActive);
        }

        [TestMethod]
        public void ACidForSomeoneElseIsIgnored()
        {
            ScriptedPicc picc;
            IsoDepTransport transport;
            // 0A 05 ...: an I-block for CID 5 while ours is 0; then the right answer.
            EnumAssert.AreEqual(ExchangeResult.Ok, Run(new string[] { "0578807002", "0A059000", "029000" }, out picc, out transport));
            Assert.AreEqual(1, transport.LastRetransmissionCount);
        }

        [TestMethod]
        public void SkipsANadByte()
        {
            ScriptedPicc picc;
            IsoDepTransport transport;
            VirtualClock clock = new VirtualClock();
            picc = new ScriptedPicc(new string[] { "0578807002", "06009000" });
            DirectFrameLink link = new DirectFrameLink(clock, new CostLedger(), picc);
            transport = new IsoDepTransport(link, clock);
            transport.Activate();
            byte[] command = SampleCards.Hex("00B0000000");
            byte[] response = new byte[10];
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, transport.Exchange(command, 0, command.Length, response, 0, 10, out count));
            Assert.AreEqual(2, count);
            Assert.AreEqual((byte)0x90, response[0]);
        }
    }
}

using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Reader
{
    /// <summary>The trace frames are the frames as they were on air (the FrameCapture decorator, CRC_A restored).</summary>
    [TestClass]
    public class FrameCaptureTests
    {
        private static SimulatedReaderBoard TracedPhone()
        {
            Scenario scenario = ReaderBench.Scenario(1000);
            scenario.AddDevice(ReaderBench.At(SampleCards.ApplePayVisa(), 100, 900));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Reader.Configuration.TraceEnabled = true;
            board.Run();
            ReaderBench.Drain(board);
            return board;
        }

        [TestMethod]
        public void ActivationFramesAreTracedExactlyAsOnAir()
        {
            SimulatedReaderBoard board = TracedPhone();
            ArrayList traces = ReaderBench.Records(board, MessageType.FrameTrace);
            Assert.AreEqual(2, traces.Count);
            FrameTraceRecord activation = (FrameTraceRecord)traces[0];
            string[] expected = new string[]
            {
                // WUPA (7 bits), ATQA, ANTICOLLISION CL1, UID CL1 + BCC, SELECT + CRC_A, SAK + CRC_A,
                // RATS (FSDI 5, CID 0) + CRC_A, ATS + CRC_A (ISO/IEC 14443-3 6.5, 14443-4 5.6).
                "52", "0400", "9320", "08190F6D73", "937008190F6D738867", "20FC70", "E050BCA5", "0578807002A546",
            };
            Assert.AreEqual(expected.Length, activation.Frames.Count);
            for (int index = 0; index < expected.Length; index++)
            {
                TraceFrame frame = (TraceFrame)activation.Frames[index];
                Assert.AreEqual(expected[index], ReaderBench.Hex(Slice(frame)));
                Assert.AreEqual(index % 2, (int)frame.Direction);
                EnumAssert.AreEqual(BitRate.Kbps106, frame.BitRate);
            }

            Assert.IsFalse(((TraceFrame)activation.Frames[0]).HasCrc);
            Assert.IsTrue(((TraceFrame)activation.Frames[4]).HasCrc);

            // The DESELECT at the end: S(DESELECT) C2 and its answer, with CRC_A.
            FrameTraceRecord deselect = (FrameTraceRecord)traces[1];
            Assert.AreEqual(2, deselect.Frames.Count);
            Assert.AreEqual("C2E0B4", ReaderBench.Hex(Slice((TraceFrame)deselect.Frames[0])));
            Assert.AreEqual("C2E0B4", ReaderBench.Hex(Slice((TraceFrame)deselect.Frames[1])));
        }

        [TestMethod]
        public void EveryApduTraceCarriesItsIBlocksWithValidCrc()
        {
            SimulatedReaderBoard board = TracedPhone();
            ArrayList traces = ReaderBench.Records(board, MessageType.ApduTrace);
            Assert.AreEqual(7, traces.Count);
            ApduTraceRecord select = (ApduTraceRecord)traces[0];
            Assert.AreEqual(SampleCards.SelectPpse, ReaderBench.Hex(select.Command));
            TraceFrame first = (TraceFrame)select.Frames[0];
            Assert.AreEqual("02" + SampleCards.SelectPpse, ReaderBench.Hex(Slice(first)).Substring(0, 2 + SampleCards.SelectPpse.Length));
            for (int index = 0; index < traces.Count; index++)
            {
                ApduTraceRecord trace = (ApduTraceRecord)traces[index];
                Assert.IsTrue(trace.Frames.Count >= 2);
                for (int frameIndex = 0; frameIndex < trace.Frames.Count; frameIndex++)
                {
                    TraceFrame frame = (TraceFrame)trace.Frames[frameIndex];
                    Assert.IsTrue(frame.HasCrc);
                    Assert.IsTrue(CrcA.Check(frame.Data, 0, frame.Length));

                    // The phone's TA(1) 80 allows 106 kbit/s only (ISO/IEC 14443-4 5.2.4): no PPS, every frame at 106.
                    EnumAssert.AreEqual(BitRate.Kbps106, frame.BitRate);
                    Assert.IsTrue(frame.TimeMicroseconds >= trace.TimeMicroseconds);
                }
            }
        }

        [TestMethod]
        public void CardFramesAfterPpsAreTracedAt848()
        {
            Scenario scenario = ReaderBench.Scenario(1000);
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 100, 900));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Reader.Configuration.TraceEnabled = true;
            board.Run();
            ReaderBench.Drain(board);

            // PPS (ISO/IEC 14443-4 5.3): PPSS D0 (CID 0), PPS0 11, PPS1 0F (DSI = DRI = 848 kbit/s), answered by D0.
            FrameTraceRecord activation = (FrameTraceRecord)ReaderBench.Records(board, MessageType.FrameTrace)[0];
            TraceFrame pps = (TraceFrame)activation.Frames[activation.Frames.Count - 2];
            TraceFrame answer = (TraceFrame)activation.Frames[activation.Frames.Count - 1];
            Assert.AreEqual("D0110F", ReaderBench.Hex(Slice(pps)).Substring(0, 6));
            Assert.AreEqual("D0", ReaderBench.Hex(Slice(answer)).Substring(0, 2));
            ApduTraceRecord select = (ApduTraceRecord)ReaderBench.Records(board, MessageType.ApduTrace)[0];
            EnumAssert.AreEqual(BitRate.Kbps848, ((TraceFrame)select.Frames[0]).BitRate);
            EnumAssert.AreEqual(BitRate.Kbps848, ((TraceFrame)select.Frames[1]).BitRate);
        }

        private static byte[] Slice(TraceFrame frame)
        {
            byte[] bytes = new byte[frame.Length];
            System.Array.Copy(frame.Data, bytes, frame.Length);
            return bytes;
        }
    }
}

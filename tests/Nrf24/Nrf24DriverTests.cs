using System;
using System.Collections;
using DualReader.Firmware.Nrf24;
using DualReader.Sim.Bus;
using DualReader.Sim.Nrf24;
using DualReader.Sim.Pins;
using DualReader.Sim.Timing;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Nrf24
{
    [TestClass]
    public class Nrf24DriverTests
    {
        /// <summary>Records every SPI frame (MOSI and MISO) on its way to the model.</summary>
        private sealed class RecordingTarget : ISpiTarget
        {
            private readonly ISpiTarget inner;

            public RecordingTarget(ISpiTarget inner)
            {
                this.inner = inner;
            }

            public ArrayList Mosi { get; } = new ArrayList();

            public ArrayList Miso { get; } = new ArrayList();

            public void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int count)
            {
                byte[] sent = new byte[count];
                Array.Copy(mosi, mosiOffset, sent, 0, count);
                inner.Transfer(mosi, mosiOffset, miso, misoOffset, count);
                byte[] received = new byte[count];
                Array.Copy(miso, misoOffset, received, 0, count);
                Mosi.Add(sent);
                Miso.Add(received);
            }
        }

        private static VirtualClock clock;
        private static CostModel costs;
        private static CostLedger ledger;
        private static AirMedium medium;

        /// <summary>
        /// A new clock and air for each test. The device's test launcher runs [Setup] once per class, and with a null
        /// instance, so per-test state lives in static fields that every test renews itself.
        /// </summary>
        private static void NewAir()
        {
            clock = new VirtualClock();
            costs = new CostModel();
            ledger = new CostLedger();
            medium = new AirMedium(ledger, 1);
        }

        private static SimulatedNrf24 Chip()
        {
            return new SimulatedNrf24(clock, medium, costs, new CostLedger());
        }

        private static readonly byte[] Address = { 0x11, 0x22, 0x33, 0x44, 0x55 };

        private static Nrf24Settings Settings()
        {
            Nrf24Settings settings = new Nrf24Settings();
            settings.RetransmitCount = 3;
            settings.RetransmitDelayMicroseconds = 500;
            return settings;
        }

        private static SimulatedNrf24 Receiver()
        {
            SimulatedNrf24 receiver = Chip();
            receiver.Driver.Configure(Settings());
            receiver.Driver.SetReceiveAddress(Address, 0);
            receiver.Driver.StartListening();
            clock.Advance(200);
            return receiver;
        }

        private static SimulatedNrf24 Transmitter()
        {
            SimulatedNrf24 transmitter = Chip();
            transmitter.Driver.Configure(Settings());
            transmitter.Driver.SetTransmitAddress(Address, 0);
            return transmitter;
        }

        [TestMethod]
        public void ResetValuesFollowTheRegisterMap()
        {
            NewAir();
            Nrf24Driver driver = Chip().Driver;
            Assert.AreEqual((byte)0x08, driver.ReadRegister(Nrf24Register.CONFIG));
            Assert.AreEqual((byte)0x3F, driver.ReadRegister(Nrf24Register.EN_AA));
            Assert.AreEqual((byte)0x03, driver.ReadRegister(Nrf24Register.EN_RXADDR));
            Assert.AreEqual((byte)0x03, driver.ReadRegister(Nrf24Register.SETUP_AW));
            Assert.AreEqual((byte)0x03, driver.ReadRegister(Nrf24Register.SETUP_RETR));
            Assert.AreEqual((byte)0x02, driver.ReadRegister(Nrf24Register.RF_CH));
            Assert.AreEqual((byte)0x0E, driver.ReadRegister(Nrf24Register.RF_SETUP));
            Assert.AreEqual((byte)0x0E, driver.ReadRegister(Nrf24Register.STATUS));
            Assert.AreEqual((byte)0x11, driver.ReadRegister(Nrf24Register.FIFO_STATUS));
            Assert.AreEqual((byte)0xE7, driver.ReadRegister(Nrf24Register.RX_ADDR_P0));
            Assert.AreEqual((byte)0xC2, driver.ReadRegister(Nrf24Register.RX_ADDR_P1));
            Assert.AreEqual((byte)0xC3, driver.ReadRegister(Nrf24Register.RX_ADDR_P2));
            Assert.AreEqual((byte)0xC6, driver.ReadRegister(Nrf24Register.RX_ADDR_P5));
            Assert.AreEqual((byte)0x00, driver.ReadRegister(Nrf24Register.FEATURE));
            Assert.AreEqual((byte)0x00, driver.ReadRegister(Nrf24Register.DYNPD));
        }

        [TestMethod]
        public void ConfigureDetectsTheChipAndWaitsForPowerUp()
        {
            NewAir();
            SimulatedNrf24 chip = Chip();
            long before = clock.Now;
            chip.Driver.Configure(Settings());
            Assert.IsTrue(clock.Now - before >= Nrf24Driver.PowerUpMicroseconds);
            EnumAssert.AreEqual(Nrf24ModelState.StandbyI, chip.Model.State);
            Assert.AreEqual((byte)0x0E, chip.Model.PeekRegister(Nrf24Register.CONFIG)); // EN_CRC, CRCO, PWR_UP
            Assert.AreEqual((byte)0x07, chip.Model.PeekRegister(Nrf24Register.FEATURE));
            Assert.AreEqual((byte)0x13, chip.Model.PeekRegister(Nrf24Register.SETUP_RETR));
            Assert.AreEqual((byte)0x08, chip.Model.PeekRegister(Nrf24Register.RF_SETUP)); // 2 Mbit/s, -18 dBm
        }

        [TestMethod]
        public void AbsentChipThrowsAtStartUp()
        {
            NewAir();
            SimulatedNrf24 chip = Chip();
            chip.Model.Present = false;
            Assert.ThrowsException(typeof(InvalidOperationException), () => chip.Driver.Configure(Settings()));
        }

        [TestMethod]
        public void CommandsClockTheDatasheetBytes()
        {
            NewAir();
            SimOutputPin ce = new SimOutputPin(false);
            SimInputPin irq = new SimInputPin(clock, true);
            Nrf24Model model = new Nrf24Model(clock, medium, ce, irq);
            RecordingTarget recorder = new RecordingTarget(model);
            Nrf24Driver driver = new Nrf24Driver(new SimSpiDevice(recorder, clock, costs, ledger, 33), ce, irq, clock);

            driver.WriteRegister(Nrf24Register.RF_CH, 0x4C);
            byte config = driver.ReadRegister(Nrf24Register.CONFIG);
            driver.ClearInterrupts();
            driver.FlushTransmit();
            driver.WriteRegister(Nrf24Register.FEATURE, 0x06);
            driver.WriteAckPayload(1, new byte[] { 0xAB, 0xCD }, 0, 2);

            CollectionAssert.AreEqual(new byte[] { 0x25, 0x4C }, (byte[])recorder.Mosi[0]);
            CollectionAssert.AreEqual(new byte[] { 0x00, 0xFF }, (byte[])recorder.Mosi[1]);
            CollectionAssert.AreEqual(new byte[] { 0x0E, 0x08 }, (byte[])recorder.Miso[1]); // STATUS first, then CONFIG
            Assert.AreEqual((byte)0x08, config);
            CollectionAssert.AreEqual(new byte[] { 0x27, 0x70 }, (byte[])recorder.Mosi[2]);
            CollectionAssert.AreEqual(new byte[] { 0xE1 }, (byte[])recorder.Mosi[3]);
            CollectionAssert.AreEqual(new byte[] { 0xA9, 0xAB, 0xCD }, (byte[])recorder.Mosi[5]);
            Assert.AreEqual(1, model.TxFifoCount);
            Assert.AreEqual(6, driver.SpiTransfers);
        }

        [TestMethod]
        public void SendIsAcknowledgedInTwoSpiFrames()
        {
            NewAir();
            SimulatedNrf24 receiver = Receiver();
            SimulatedNrf24 transmitter = Transmitter();
            byte[] payload = { 1, 2, 3, 4, 5 };
            byte[] ack = new byte[32];
            int ackLength;
            int before = transmitter.Driver.SpiTransfers;

            Nrf24SendResult result = transmitter.Driver.Send(payload, 0, payload.Length, true, ack, 0, out ackLength);

            EnumAssert.AreEqual(Nrf24SendResult.Sent, result);
            Assert.AreEqual(0, ackLength);
            Assert.AreEqual(2, transmitter.Driver.SpiTransfers - before);
            receiver.Driver.ClearInterrupts();
            byte[] received = new byte[32];
            int length;
            int pipe;
            EnumAssert.AreEqual(Nrf24ReceiveResult.Received, receiver.Driver.TryReceive(received, 0, out length, out pipe));
            Assert.AreEqual(5, length);
            Assert.AreEqual(1, pipe);
            Assert.AreEqual((byte)3, received[2]);
            Assert.IsTrue(ledger.AirMicroseconds > 0);
        }

        [TestMethod]
        public void AckPayloadComesBackWithTheAck()
        {
            NewAir();
            SimulatedNrf24 receiver = Receiver();
            SimulatedNrf24 transmitter = Transmitter();
            byte[] answer = { 0x90, 0x00, 0x42 };
            Assert.IsTrue(receiver.Driver.WriteAckPayload(1, answer, 0, answer.Length));
            byte[] ack = new byte[32];
            int ackLength;
            int before = transmitter.Driver.SpiTransfers;

            Nrf24SendResult result = transmitter.Driver.Send(new byte[] { 7 }, 0, 1, true, ack, 0, out ackLength);

            EnumAssert.AreEqual(Nrf24SendResult.Sent, result);
            Assert.AreEqual(3, ackLength);
            Assert.AreEqual((byte)0x42, ack[2]);
            Assert.AreEqual(4, transmitter.Driver.SpiTransfers - before);

            // PS 7.4.1: the ack payload stays pending until the next new packet arrives.
            Assert.AreEqual(1, receiver.Model.TxFifoCount);
            transmitter.Driver.Send(new byte[] { 8 }, 0, 1, true, ack, 0, out ackLength);
            Assert.AreEqual(0, receiver.Model.TxFifoCount);
            Assert.AreEqual(0, ackLength);
        }

        [TestMethod]
        public void NoReceiverEndsInMaxRetransmitsWithObserveTx()
        {
            NewAir();
            SimulatedNrf24 transmitter = Transmitter();
            byte[] ack = new byte[32];
            int ackLength;
            long start = clock.Now;

            Nrf24SendResult result = transmitter.Driver.Send(new byte[] { 1, 2 }, 0, 2, true, ack, 0, out ackLength);
            long elapsed = clock.Now - start;

            EnumAssert.AreEqual(Nrf24SendResult.MaxRetransmits, result);
            // PLOS_CNT 1, ARC_CNT 3 (PS 9.1 register 08).
            Assert.AreEqual((byte)0x13, transmitter.Driver.ReadObserveTransmit());
            // Four packets of (8 + 40 + 9 + 16 + 16) bits at 2 Mbit/s = 45 µs, each followed by ARD 500 µs.
            long air = AirPacket.AirMicroseconds(Nrf24DataRate.Rate2Mbps, 5, 2, 2);
            Assert.AreEqual(45L, air);
            Assert.IsTrue(elapsed >= 10 + 130 + 4 * (air + 500));
            Assert.IsTrue(elapsed <= 10 + 130 + 4 * (air + 500) + 200);
            Assert.AreEqual(0, transmitter.Model.TxFifoCount); // the driver flushed it
        }

        [TestMethod]
        public void AirTimeFollowsThePacketFormatAtEachRate()
        {
            NewAir();
            // 1 + 5 bytes, 9-bit PCF, 32 payload bytes, 2 CRC bytes = 329 bits (PS 7.3).
            Assert.AreEqual(165L, AirPacket.AirMicroseconds(Nrf24DataRate.Rate2Mbps, 5, 32, 2));
            Assert.AreEqual(329L, AirPacket.AirMicroseconds(Nrf24DataRate.Rate1Mbps, 5, 32, 2));
            Assert.AreEqual(1316L, AirPacket.AirMicroseconds(Nrf24DataRate.Rate250kbps, 5, 32, 2));
            Assert.AreEqual(41L, AirPacket.AirMicroseconds(Nrf24DataRate.Rate1Mbps, 3, 0, 0)); // ShockBurst without payload or CRC
        }

        [TestMethod]
        public void DifferentDataRatesDoNotHearEachOther()
        {
            NewAir();
            SimulatedNrf24 receiver = Receiver();
            SimulatedNrf24 transmitter = Chip();
            Nrf24Settings settings = Settings();
            settings.DataRate = Nrf24DataRate.Rate1Mbps;
            transmitter.Driver.Configure(settings);
            transmitter.Driver.SetTransmitAddress(Address, 0);
            byte[] ack = new byte[32];
            int ackLength;

            EnumAssert.AreEqual(Nrf24SendResult.MaxRetransmits, transmitter.Driver.Send(new byte[] { 1 }, 0, 1, true, ack, 0, out ackLength));
            Assert.AreEqual(0, receiver.Model.RxFifoCount);
        }

        [TestMethod]
        public void NoAckPacketNeedsNoReceiver()
        {
            NewAir();
            SimulatedNrf24 transmitter = Transmitter();
            byte[] ack = new byte[32];
            int ackLength;
            EnumAssert.AreEqual(Nrf24SendResult.Sent, transmitter.Driver.Send(new byte[] { 1, 2 }, 0, 2, false, ack, 0, out ackLength));
        }

        [TestMethod]
        public void MaskedInterruptKeepsTheIrqLineHigh()
        {
            NewAir();
            SimulatedNrf24 transmitter = Transmitter();
            // CONFIG: EN_CRC, CRCO, PWR_UP and MASK_TX_DS (PS 9.1 register 00).
            transmitter.Driver.WriteRegister(Nrf24Register.CONFIG, 0x2E);
            transmitter.Spi.Write(new byte[] { (byte)Nrf24Command.W_TX_PAYLOAD_NOACK, 5 }, 0, 2);
            transmitter.ChipEnable.Write(true);
            clock.Advance(20);
            transmitter.ChipEnable.Write(false);
            clock.Advance(1000);

            Assert.IsTrue(transmitter.Irq.Read());
            Assert.AreEqual((byte)0x20, (byte)(transmitter.Driver.ReadStatus() & Nrf24Status.TX_DS));
        }

        [TestMethod]
        public void TxFifoHoldsThreePayloads()
        {
            NewAir();
            SimulatedNrf24 transmitter = Transmitter();
            for (int i = 0; i < 4; i++)
            {
                transmitter.Spi.Write(new byte[] { (byte)Nrf24Command.W_TX_PAYLOAD, (byte)i }, 0, 2);
            }

            Assert.AreEqual(3, transmitter.Model.TxFifoCount);
            Assert.AreEqual((byte)0x21, transmitter.Driver.ReadRegister(Nrf24Register.FIFO_STATUS)); // TX_FULL, RX_EMPTY
            Assert.AreEqual((int)Nrf24Status.TX_FULL, (int)(transmitter.Driver.Status & Nrf24Status.TX_FULL));
            transmitter.Driver.FlushTransmit();
            Assert.AreEqual((byte)0x11, transmitter.Driver.ReadRegister(Nrf24Register.FIFO_STATUS));
        }

        [TestMethod]
        public void WidthAbove32IsFlushed()
        {
            NewAir();
            SimulatedNrf24 receiver = Receiver();
            receiver.Model.InjectReceivedPayload(1, new byte[32], 40);
            receiver.Driver.ClearInterrupts();
            byte[] buffer = new byte[32];
            int length;
            int pipe;

            EnumAssert.AreEqual(Nrf24ReceiveResult.InvalidWidth, receiver.Driver.TryReceive(buffer, 0, out length, out pipe));
            Assert.AreEqual(0, receiver.Model.RxFifoCount);
        }

        [TestMethod]
        public void ShortChipEnablePulseSendsNothing()
        {
            NewAir();
            SimulatedNrf24 receiver = Receiver();
            SimulatedNrf24 transmitter = Transmitter();
            byte[] frame = { (byte)Nrf24Command.W_TX_PAYLOAD, 9 };
            transmitter.Spi.Write(frame, 0, 2);
            transmitter.ChipEnable.Write(true);
            clock.Advance(5);
            transmitter.ChipEnable.Write(false);
            clock.Advance(2000);
            Assert.AreEqual(1, transmitter.Model.TxFifoCount);
            Assert.AreEqual(0, receiver.Model.RxFifoCount);
        }

        [TestMethod]
        public void RpdFollowsDistanceAndPaLevel()
        {
            NewAir();
            SimulatedNrf24 receiver = Receiver();
            SimulatedNrf24 transmitter = Transmitter();
            byte[] ack = new byte[32];
            int ackLength;
            transmitter.Driver.Send(new byte[] { 1 }, 0, 1, true, ack, 0, out ackLength);
            Assert.IsTrue(receiver.Driver.ReadReceivedPowerDetector()); // near, -18 dBm: -58 dBm at the receiver

            transmitter.Model.Near = false;
            transmitter.Driver.Send(new byte[] { 2 }, 0, 1, true, ack, 0, out ackLength);
            Assert.IsFalse(receiver.Driver.ReadReceivedPowerDetector()); // far, -18 dBm: -78 dBm

            transmitter.Driver.SetPowerLevel(Nrf24PowerLevel.Maximum);
            transmitter.Driver.Send(new byte[] { 3 }, 0, 1, true, ack, 0, out ackLength);
            Assert.IsTrue(receiver.Driver.ReadReceivedPowerDetector()); // far at 0 dBm still sets RPD: -60 dBm
        }

        [TestMethod]
        public void Si24R1CloneDoesNotAckAGenuineChip()
        {
            NewAir();
            SimulatedNrf24 receiver = Receiver();
            receiver.Model.Si24R1 = true;
            SimulatedNrf24 transmitter = Transmitter();
            byte[] ack = new byte[32];
            int ackLength;

            EnumAssert.AreEqual(Nrf24SendResult.MaxRetransmits, transmitter.Driver.Send(new byte[] { 1 }, 0, 1, true, ack, 0, out ackLength));

            transmitter.Model.Si24R1 = true;
            EnumAssert.AreEqual(Nrf24SendResult.Sent, transmitter.Driver.Send(new byte[] { 2 }, 0, 1, true, ack, 0, out ackLength));
        }

        [TestMethod]
        public void Si24R1PowerTableUsesBitZero()
        {
            NewAir();
            SimulatedNrf24 chip = Chip();
            chip.Driver.WriteRegister(Nrf24Register.RF_SETUP, 0x07);
            Assert.AreEqual(0, chip.Model.OutputPowerDbm);
            chip.Model.Si24R1 = true;
            Assert.AreEqual(7, chip.Model.OutputPowerDbm);
            chip.Driver.WriteRegister(Nrf24Register.RF_SETUP, 0x00);
            Assert.AreEqual(-12, chip.Model.OutputPowerDbm);
            chip.Model.Si24R1 = false;
            Assert.AreEqual(-18, chip.Model.OutputPowerDbm);
        }

        [TestMethod]
        public void DuplicatePacketIsAcknowledgedButNotStoredTwice()
        {
            NewAir();
            SimulatedNrf24 receiver = Receiver();
            SimulatedNrf24 transmitter = Transmitter();
            int acks = 0;
            medium.Filter = delegate (AirPacket packet)
            {
                // Destroy the first ack: the transmitter retransmits the same PID.
                if (packet.IsAck && acks++ == 0)
                {
                    return false;
                }

                return true;
            };
            byte[] ack = new byte[32];
            int ackLength;

            EnumAssert.AreEqual(Nrf24SendResult.Sent, transmitter.Driver.Send(new byte[] { 1, 2, 3 }, 0, 3, true, ack, 0, out ackLength));
            Assert.AreEqual(1, receiver.Model.RxFifoCount);
            Assert.AreEqual((byte)0x01, transmitter.Driver.ReadObserveTransmit()); // ARC_CNT 1
        }
    }
}

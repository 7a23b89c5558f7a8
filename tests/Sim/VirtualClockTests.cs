using DualReader.Sim.Pins;
using DualReader.Sim.Timing;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Sim
{
    [TestClass]
    public class VirtualClockTests
    {
        private sealed class OneShot : ITimedModel
        {
            private readonly SimInputPin pin;
            private long due;

            public OneShot(SimInputPin pin, long due)
            {
                this.pin = pin;
                this.due = due;
            }

            public long NextEventMicroseconds
            {
                get { return due; }
            }

            public void AdvanceTo(long nowMicroseconds)
            {
                if (nowMicroseconds >= due)
                {
                    pin.Drive(false);
                    due = VirtualClock.Never;
                }
            }
        }

        [TestMethod]
        public void WaitForLevelEndsAtTheModelledEvent()
        {
            VirtualClock clock = new VirtualClock();
            SimInputPin irq = new SimInputPin(clock, true);
            clock.Register(new OneShot(irq, 1234));

            bool reached = irq.WaitForLevel(false, 10000);

            Assert.IsTrue(reached);
            Assert.AreEqual(1234L, clock.Now);
        }

        [TestMethod]
        public void WaitForLevelTimesOutAtTheDeadline()
        {
            VirtualClock clock = new VirtualClock();
            SimInputPin irq = new SimInputPin(clock, true);
            clock.Register(new OneShot(irq, 50000));

            bool reached = irq.WaitForLevel(false, 10000);

            Assert.IsFalse(reached);
            Assert.AreEqual(10000L, clock.Now);
            Assert.IsTrue(irq.Read());
        }

        [TestMethod]
        public void DelayRunsEventsOnTheWay()
        {
            VirtualClock clock = new VirtualClock();
            SimInputPin irq = new SimInputPin(clock, true);
            clock.Register(new OneShot(irq, 300));

            clock.Delay(1000);

            Assert.IsFalse(irq.Read());
            Assert.AreEqual(1000L, clock.Now);
        }
    }
}

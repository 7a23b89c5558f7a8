using System.Device.Gpio;
using System.Threading;

namespace DualReader.Hal.Esp32
{
    /// <summary><see cref="IInputPin"/> on a GPIO, with edge notifications from the GPIO driver.</summary>
    public sealed class Esp32InputPin : IInputPin
    {
        // Below this, polling the line beats blocking: a GPIO event travels through the nanoFramework event queue
        // and the cooperative scheduler (20 ms slices), which is far slower than a sub-millisecond frame exchange.
        private const int PollingWindowMicroseconds = 2000;

        private readonly GpioPin pin;
        private readonly IClock clock;
        private readonly AutoResetEvent levelChanged = new AutoResetEvent(false);

        /// <inheritdoc />
        public event PinChangedHandler Changed;

        /// <summary>Opens <paramref name="pinNumber"/> as an input (pulled up when <paramref name="pullUp"/>).</summary>
        public Esp32InputPin(GpioController controller, int pinNumber, bool pullUp, IClock clock)
        {
            this.clock = clock;
            pin = controller.OpenPin(pinNumber, pullUp ? PinMode.InputPullUp : PinMode.Input);
            pin.ValueChanged += OnValueChanged;
        }

        /// <inheritdoc />
        public bool Read()
        {
            return pin.Read() == PinValue.High;
        }

        /// <inheritdoc />
        public bool WaitForLevel(bool high, int timeoutMicroseconds)
        {
            long start = clock.GetMicroseconds();
            long deadline = start + timeoutMicroseconds;
            long pollUntil = start + PollingWindowMicroseconds;
            while (true)
            {
                if (Read() == high)
                {
                    return true;
                }

                long now = clock.GetMicroseconds();
                if (now >= deadline)
                {
                    return false;
                }

                if (now >= pollUntil)
                {
                    int remainingMilliseconds = (int)((deadline - now + 999) / 1000);
                    levelChanged.WaitOne(remainingMilliseconds, false);
                }
            }
        }

        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            levelChanged.Set();
            PinChangedHandler handler = Changed;
            if (handler != null)
            {
                handler(this, e.ChangeType == PinEventTypes.Rising);
            }
        }
    }
}
